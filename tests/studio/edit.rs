//! Editing with `--write`: a saved edit reaches the database; a value the schema
//! refuses is shown next to its field and nothing is written.

use orm::prelude::*;

use crate::support::*;

/// Opens the row of user `n` in the browser.
async fn open_user(browser: &Browser, url: &str, n: u32) {
    let email = format!("user{n:02}@example.com");
    browser.open(&format!("{}/tables/users?op_email=eq&f_email={email}", origin(url))).await;
    browser.click_and_load("#rows a.open").await;
    assert_eq!(browser.text("#row td[data-column='email']").await, email);
}

#[tokio::test]
async fn an_edit_is_saved_to_the_database() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    open_user(&browser, &url, 5).await;
    browser.fill("c_name", "Ada Lovelace").await;
    browser.fill("c_bio", "wrote the first program").await;
    browser.click_and_load("#save").await;
    assert_eq!(browser.text("#row td[data-column='name']").await, "Ada Lovelace");
    let stored = User::select().filter(User::EMAIL.eq("user05@example.com")).one(&*db).await.unwrap();
    assert_eq!(stored.name, "Ada Lovelace");
    assert_eq!(stored.bio.as_deref(), Some("wrote the first program"));
    // Ticking NULL clears a nullable column.
    browser
        .client
        .find(fantoccini::Locator::Css("input[name='null_bio']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_load("#save").await;
    let stored = User::select().filter(User::EMAIL.eq("user05@example.com")).one(&*db).await.unwrap();
    assert_eq!(stored.bio, None);
    assert_eq!(browser.text("#row td[data-column='bio']").await, "NULL");
}

#[tokio::test]
async fn a_too_long_value_is_refused_next_to_its_field_and_nothing_changes() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    // profiles.location is varchar(100); the profile's key links from the user's relations.
    open_user(&browser, &url, 3).await;
    browser.click_and_load("#relations a.child[data-table='profiles']").await;
    browser.click_and_load("#rows a.open").await;
    let too_long = "é".repeat(101);
    browser.fill("c_location", &too_long).await;
    browser.click_and_load("#save").await;
    let error = browser.text(".field-error[data-column='location']").await;
    assert!(error.contains("is 101 characters long; at most 100 fit"), "{error}");
    let locations: Vec<Option<String>> =
        Profile::select().all(&*db).await.unwrap().into_iter().map(|p| p.location).collect();
    assert!(locations.iter().all(Option::is_none), "nothing was written");
    // 100 characters fit (characters, not bytes: each é is two bytes).
    browser.fill("c_location", &"é".repeat(100)).await;
    browser.click_and_load("#save").await;
    let stored: Vec<String> =
        Profile::select().all(&*db).await.unwrap().into_iter().filter_map(|p| p.location).collect();
    assert_eq!(stored, ["é".repeat(100)]);
}

#[tokio::test]
async fn a_constraint_the_server_enforces_is_shown_and_nothing_changes() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    open_user(&browser, &url, 4).await;
    // users.email is unique: taking another user's address fails in the transaction.
    browser.fill("c_email", "user05@example.com").await;
    browser.click_and_load("#save").await;
    let problem = browser.text("#problem").await;
    assert!(problem.contains("users_email_key"), "{problem}");
    assert_eq!(User::select().filter(User::EMAIL.eq("user04@example.com")).count(&*db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_row_is_inserted_with_defaults_left_to_the_server() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    browser.click_and_load("nav a[data-table='tags']").await;
    browser.click_and_load("#insert").await;
    browser.fill("c_name", "rust").await;
    browser.click_and_load("#save").await;
    assert_eq!(browser.text("#row td[data-column='name']").await, "rust");
    let tags = Tag::select().all(&*db).await.unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(browser.text("#row td[data-column='id']").await, tags[0].id.to_string());
}

#[tokio::test]
async fn a_columns_validate_hook_runs_on_the_edit_and_nothing_changes() {
    let db = blog_db().await;
    let url = start_studio(&db, true).await;
    let browser = Browser::start().await;
    browser.open(&url).await;
    open_user(&browser, &url, 6).await;
    // users.email has `#[column(validate = orm::validate::email)]`.
    browser.fill("c_email", "not-an-email").await;
    browser.click_and_load("#save").await;
    let error = browser.text(".field-error[data-column='email']").await;
    assert!(error.contains("is not an email address"), "{error}");
    assert_eq!(User::select().filter(User::EMAIL.eq("user06@example.com")).count(&*db).await.unwrap(), 1);
}
