//! The schema view's drift report compares CHECK constraints as the server stores them:
//! `IN`, `BETWEEN`, `LIKE`, `NOT LIKE`, `ILIKE` and redundant casts, which PostgreSQL
//! keeps rewritten (`= ANY (ARRAY[..])`, `>= AND <=`, `~~`, `!~~`, `~~*`), are no drift;
//! a check the database really holds differently is.

use orm::prelude::*;
use orm::testing::TestDb;
use orm_migrate::studio::{Studio, StudioOptions};

use crate::access::{request, token};
use crate::support::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "gadgets")]
pub struct Gadget {
    #[column(primary_key)]
    pub id: i32,
    #[column(varchar(10), check = "status IN ('new', 'used')")]
    pub status: String,
    #[column(check = "weight BETWEEN 1 AND 10")]
    pub weight: i32,
    #[column(check = "code LIKE 'G-%'")]
    pub code: String,
    #[column(check = "label NOT LIKE '%tmp%'")]
    pub label: String,
    #[column(varchar(20), check = "brand ILIKE 'a%'")]
    pub brand: String,
    #[column(check = "qty::integer >= 0")]
    pub qty: i32,
    #[column(check = "stock >= 0")]
    pub stock: i32,
}

/// The gadget table's schema page, from the studio at `url`.
async fn schema_page(url: &str) -> String {
    let path = format!("/tables/gadgets/schema?token={}", token(url));
    let (status, page) = request(origin(url), "GET", &path, "").await;
    assert_eq!(status, 200, "{page}");
    page
}

/// The steps the drift report lists, as the page writes them.
fn reported_steps(page: &str) -> Vec<&str> {
    let drift = &page[page.find("id=\"drift\"").expect("a drift report")..];
    let list = &drift[..drift.find("</ul>").expect("the list ends")];
    list.split("<li>").skip(1).map(|item| item.trim_end_matches("</li>")).collect()
}

/// The code says `stock >= 0`; the database gets `stock >= 1`.
const CHANGE_THE_STOCK_CHECK: &str = "ALTER TABLE gadgets DROP CONSTRAINT gadgets_stock_check, \
     ADD CONSTRAINT gadgets_stock_check CHECK (stock >= 1)";

const THE_STOCK_CHECK_CHANGED: [&str; 2] = [
    "drop check &quot;gadgets_stock_check&quot; of &quot;gadgets&quot;",
    "add check &quot;gadgets_stock_check&quot; to &quot;gadgets&quot;",
];

#[tokio::test]
async fn checks_the_server_rewrites_are_no_drift_and_a_changed_one_is() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Gadget])).await;
    let url = start_studio_for(&db, orm::schema![Gadget], false).await;

    let page = schema_page(&url).await;
    assert!(page.contains("id=\"in-sync\""), "no drift straight after create_sql: {page}");

    db.batch_execute(CHANGE_THE_STOCK_CHECK).await.unwrap();
    let page = schema_page(&url).await;
    assert_eq!(reported_steps(&page), THE_STOCK_CHECK_CHANGED, "only the changed check: {page}");
    assert!(!page.contains("id=\"as-text\""), "{page}");
}

#[tokio::test]
async fn where_the_ddl_cannot_run_in_a_scratch_schema_the_report_says_it_compared_text() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Gadget])).await;
    db.batch_execute(CHANGE_THE_STOCK_CHECK).await.unwrap();
    // A standby's sessions are read-only: no scratch schema can be created.
    db.batch_execute(&format!("ALTER DATABASE \"{}\" SET default_transaction_read_only = on", db.name()))
        .await
        .unwrap();
    let read_only = db.builder().connect().await.unwrap();
    let options = StudioOptions { host: "127.0.0.1".into(), port: 0, write: false };
    let studio = Studio::bind(orm::schema![Gadget], read_only, options).await.unwrap();
    let url = studio.url();
    tokio::spawn(studio.serve());

    let page = schema_page(&url).await;
    let steps = reported_steps(&page);
    for step in THE_STOCK_CHECK_CHANGED {
        assert!(steps.contains(&step), "the real change is still reported: {page}");
    }
    let note = &page[page.find("id=\"as-text\"").expect("a note that expressions were compared as text")..];
    assert!(note.contains("read-only transaction"), "it says why: {note}");
}
