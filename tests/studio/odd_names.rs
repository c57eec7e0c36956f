//! Names that need quoting everywhere: a table and columns whose names hold quotes,
//! spaces, `;` and SQL words are browsed, filtered, opened and edited like any other.

use orm::prelude::*;
use orm::testing::TestDb;

use crate::support::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "odd \"quoted\" table")]
pub struct Odd {
    #[column(primary_key, name = "key; DROP TABLE x")]
    pub id: i32,
    #[column(name = "select \"value\" --", varchar(20))]
    pub value: String,
}

#[tokio::test]
async fn a_table_with_odd_names_is_browsed_filtered_and_edited() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Odd])).await;
    let rows = (1..=3).map(|i| NewOdd { id: i, value: format!("it's \"{i}\"") });
    Odd::insert_many(rows).execute(&*db).await.unwrap();
    let url = start_studio_for(&db, orm::schema![Odd], true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    assert_eq!(browser.text("#title").await, "odd \"quoted\" table");
    assert_eq!(browser.text("nav a .count").await, "3");
    browser.choose("op_select \"value\" --", "eq").await;
    browser.fill("f_select \"value\" --", "it's \"2\"").await;
    browser.click_and_load("#apply-filters").await;
    assert_eq!(browser.texts("#rows td[data-column='select \"value\" --']").await, ["it's \"2\""]);
    browser.click_and_load("#rows a.open").await;
    browser.fill("c_select \"value\" --", "<b>'; --").await;
    browser.click_and_load("#save").await;
    assert_eq!(browser.text("#row td[data-column='select \"value\" --']").await, "<b>'; --");
    let stored = Odd::select().filter(Odd::ID.eq(2)).one(&*db).await.unwrap();
    assert_eq!(stored.value, "<b>'; --");
}
