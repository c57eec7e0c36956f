//! Browsing: users → a user → their posts, filtering a column, paging forward and back,
//! the schema view, and live row counts in the sidebar.

use orm::prelude::*;

use crate::support::*;

#[tokio::test]
async fn from_users_to_a_user_to_their_posts() {
    let db = blog_db().await;
    let url = start_studio(&db, false).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    assert_eq!(browser.text("#title").await, "users");
    // The sidebar counts the live rows.
    assert_eq!(browser.text("nav a[data-table='users'] .count").await, "60");
    assert_eq!(browser.text("nav a[data-table='posts'] .count").await, "4");
    if let Ok(path) = std::env::var("STUDIO_SCREENSHOT") {
        std::fs::write(path, browser.client.screenshot().await.expect("a screenshot")).expect("writes it");
    }
    // Filter on the email, open that user.
    browser.choose("op_email", "eq").await;
    browser.fill("f_email", "user07@example.com").await;
    browser.click_and_load("#apply-filters").await;
    assert_eq!(browser.texts("#rows td[data-column='email']").await, ["user07@example.com"]);
    browser.click_and_load("#rows a.open").await;
    assert_eq!(browser.text("#row td[data-column='name']").await, "User 07");
    // Its posts, through the relation the foreign key implies.
    let relations = browser.text("#relations").await;
    assert!(relations.contains("posts (3) through author_id"), "{relations}");
    browser.click_and_load("#relations a.child[data-table='posts']").await;
    let mut titles = browser.texts("#rows td[data-column='title']").await;
    titles.sort();
    assert_eq!(titles, ["Post 0 of user 7", "Post 1 of user 7", "Post 2 of user 7"]);
    // A post's author_id links back to the user's row.
    browser.click_and_load("#rows a.fk").await;
    assert_eq!(browser.text("#row td[data-column='email']").await, "user07@example.com");
}

#[tokio::test]
async fn a_text_filter_matches_literally_and_nulls_show_as_null() {
    let db = blog_db().await;
    let url = start_studio(&db, false).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    browser.choose("op_name", "contains").await;
    browser.fill("f_name", "User 1").await;
    browser.click_and_load("#apply-filters").await;
    let mut names = browser.texts("#rows td[data-column='name']").await;
    names.sort();
    let expected: Vec<String> = (10..20).map(|i| format!("User {i}")).collect();
    assert_eq!(names, expected);
    // `%` and `_` are text, not wildcards.
    browser.fill("f_name", "User _").await;
    browser.click_and_load("#apply-filters").await;
    assert!(browser.texts("#rows td[data-column='name']").await.is_empty());
    assert_eq!(browser.text("#empty").await, "No rows.");
    // bio IS NULL: two users in three have none, shown as NULL.
    browser.open(&url).await;
    browser.choose("op_bio", "null").await;
    browser.click_and_load("#apply-filters").await;
    let bios = browser.texts("#rows td[data-column='bio']").await;
    assert_eq!(bios.len(), 25, "a full first page");
    assert!(bios.iter().all(|b| b == "NULL"), "{bios:?}");
    let expected = User::select().filter(User::BIO.is_null()).count(&*db).await.unwrap();
    assert_eq!(expected, 40);
}

#[tokio::test]
async fn paging_forward_and_back_by_keyset_in_any_column_order() {
    let db = blog_db().await;
    let url = start_studio(&db, false).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    // Sort by email, descending (click the header twice).
    browser.click_and_load("#rows a.sort[data-column='email']").await;
    browser.click_and_load("#rows a.sort[data-column='email']").await;
    let first = browser.texts("#rows td[data-column='email']").await;
    let expected: Vec<String> = (35..60).rev().map(|i| format!("user{i:02}@example.com")).collect();
    assert_eq!(first, expected);
    browser.click_and_load("#next").await;
    let second = browser.texts("#rows td[data-column='email']").await;
    let expected: Vec<String> = (10..35).rev().map(|i| format!("user{i:02}@example.com")).collect();
    assert_eq!(second, expected);
    let current = browser.client.current_url().await.unwrap();
    assert!(current.as_str().contains("after="), "keyset, not OFFSET: {current}");
    browser.click_and_load("#next").await;
    let last = browser.texts("#rows td[data-column='email']").await;
    assert_eq!(last.len(), 10);
    assert!(
        browser.client.find(fantoccini::Locator::Css("#next")).await.is_err(),
        "no next page after the last"
    );
    browser.click_and_load("#previous").await;
    assert_eq!(browser.texts("#rows td[data-column='email']").await, second);
    browser.click_and_load("#previous").await;
    assert_eq!(browser.texts("#rows td[data-column='email']").await, first);
}

#[tokio::test]
async fn the_schema_view_lists_columns_and_warns_where_the_database_differs() {
    let db = blog_db().await;
    let url = start_studio(&db, false).await;
    let browser = Browser::start().await;
    // The cookie set by the first visit carries the token from here on.
    browser.open(&url).await;
    browser.open(&format!("{}/tables/users/schema", origin(&url))).await;
    assert!(browser.text("#in-sync").await.contains("matches the schema"));
    let columns = browser.text("#columns").await;
    assert!(columns.contains("email varchar(254) NOT NULL"), "{columns}");
    db.batch_execute("ALTER TABLE users ADD COLUMN nickname text").await.unwrap();
    browser.open(&format!("{}/tables/users/schema", origin(&url))).await;
    let drift = browser.text("#drift").await;
    assert!(drift.contains("nickname"), "{drift}");
}
