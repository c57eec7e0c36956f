//! Row and bound values stay out of errors: not in `Display`, not in `Debug`, not in
//! the `statement failed` tracing event, unless the pool logs bound values. The server
//! quotes them in DETAIL (`Key (email)=(..)`, `Failing row contains (..)`) and, for
//! data exceptions, in the message itself (`invalid input syntax for type integer: ".."`);
//! `Error::server_error` still gives all of it.

use orm::prelude::*;
use orm::{Error, Sql};

use crate::schema::*;
use crate::tracing_spans::Recorder;

/// A value that appears nowhere but where the test put it.
const SECRET: &str = "Sekret7f3a";

/// Runs `query` on `db` under a recorder: the error, and the `statement failed` events.
async fn failing(db: &Db, query: Sql) -> (Error, String) {
    let recorder = Recorder::default();
    let err = {
        let _guard = tracing::subscriber::set_default(recorder.clone());
        query.execute(db).await.unwrap_err()
    };
    let events = recorder.events("statement failed");
    assert_eq!(events.len(), 1, "one event for the failed statement: {events:?}");
    (err, format!("{events:?}"))
}

/// Inserts a user whose email holds [`SECRET`], then the same email again: the email,
/// the unique violation and the events.
async fn insert_twice(db: &Db) -> (String, Error, String) {
    let email = format!("{SECRET}@example.com");
    insert_user(db, &email, "Alice").await;
    let again = sql!("INSERT INTO users (email, name, metadata) VALUES ({}, 'A', '{{}}')", email.as_str());
    let (err, events) = failing(db, again).await;
    (email, err, events)
}

/// Asserts that `shown` (what the error printed) holds no `secret`.
fn assert_hidden(what: &str, shown: &str, secret: &str) {
    assert!(!shown.contains(secret), "{what} shows {secret:?}: {shown}");
}

/// Asserts that nothing an error reporter prints holds `secret`: `Display`, `Debug`,
/// and every cause down the `source()` chain, as anyhow's `{:?}` and tracing
/// subscribers print it.
fn assert_hidden_everywhere(err: &Error, secret: &str) {
    assert_hidden("Display", &err.to_string(), secret);
    assert_hidden("Debug", &format!("{err:?}"), secret);
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        assert_hidden("a cause in the source() chain", &format!("{inner} {inner:?}"), secret);
        cause = inner.source();
    }
}

#[tokio::test]
async fn a_unique_violation_shows_the_constraint_but_not_the_key() {
    let db = blog_db().await;
    let (email, err, events) = insert_twice(&db).await;
    let Error::UniqueViolation { constraint, .. } = &err else { panic!("{err}") };
    assert_eq!(constraint, "users_email_key");
    let debug = format!("{err:?}");
    assert!(
        debug.contains("UniqueViolation") && debug.contains("23505") && debug.contains("users_email_key"),
        "{debug}"
    );
    assert_hidden_everywhere(&err, SECRET);
    assert_hidden("the event", &events, SECRET);
    let server = err.server_error().expect("the server's error");
    assert!(server.detail().is_some_and(|detail| detail.contains(&email)), "{server:?}");
}

#[tokio::test]
async fn a_check_violation_shows_no_failing_row() {
    let db = blog_db().await;
    let email = format!("{SECRET}@example.com");
    insert_user(&db, &email, "Alice").await;
    let (err, events) =
        failing(&db, sql!("UPDATE users SET score = -5 WHERE email = {}", email.as_str())).await;
    assert!(
        matches!(&err, Error::CheckViolation { constraint, .. } if constraint == "users_score_check"),
        "{err}"
    );
    assert_hidden_everywhere(&err, SECRET);
    assert_hidden("the event", &events, SECRET);
    assert!(err.server_error().and_then(|s| s.detail()).is_some_and(|d| d.contains("Failing row")), "{err}");
}

#[tokio::test]
async fn input_the_server_cannot_read_is_not_quoted_back() {
    let db = blog_db().await;
    let cases = [
        (sql!("SELECT {}::text::int4", SECRET), SECRET, "22P02", "invalid input syntax for type integer"),
        (sql!("SELECT {}::text::uuid", SECRET), SECRET, "22P02", "invalid input syntax for type uuid"),
        (
            sql!("SELECT {}::text::user_role", SECRET),
            SECRET,
            "22P02",
            "invalid input value for enum user_role",
        ),
        (sql!("SELECT {}::text::int4[]", SECRET), SECRET, "22P02", "malformed array literal"),
        (
            sql!("SELECT {}::text::jsonb", "{Sekret7f3a"),
            SECRET,
            "22P02",
            "invalid input syntax for type json",
        ),
        (
            sql!("SELECT {}::text::date", "2024-02-31"),
            "2024-02-31",
            "22008",
            "date/time field value out of range",
        ),
        (sql!("SELECT {}::text::int2", "7654321"), "7654321", "22003", "is out of range for type smallint"),
        (sql!("SELECT 'Sekret7f3a'::int4"), SECRET, "22P02", "invalid input syntax for type integer"),
    ];
    for (query, secret, code, says) in cases {
        let (err, events) = failing(&db, query).await;
        let shown = err.to_string();
        assert!(shown.contains(code) && shown.contains(says), "{shown}");
        assert_hidden_everywhere(&err, secret);
        assert_hidden("the event", &events, secret);
        let server = err.server_error().expect("the server's error");
        let full = format!("{} {}", server.message(), server.detail().unwrap_or_default());
        assert!(full.contains(secret), "the accessor gives the whole error: {full}");
    }
}

#[tokio::test]
async fn names_stay_in_messages() {
    let db = blog_db().await;
    let (err, _) = failing(&db, sql!("SELECT no_such_column FROM users")).await;
    assert!(err.to_string().contains(r#"column "no_such_column" does not exist"#), "{err}");
    let (err, _) = failing(&db, sql!("SELECT 1 FROM no_such_table")).await;
    assert!(err.to_string().contains(r#"relation "no_such_table" does not exist"#), "{err}");
    let (err, _) =
        failing(&db, sql!("INSERT INTO users (email, name, metadata) VALUES ('a', NULL, '{{}}')")).await;
    assert!(format!("{err:?}").contains(r#"null value in column \"name\" of relation \"users\""#), "{err:?}");
}

#[tokio::test]
async fn with_value_logging_on_the_event_shows_the_value() {
    let test_db = blog_db().await;
    let db = test_db.builder().log_bound_values(true).connect().await.unwrap();
    let (err, events) = failing(&db, sql!("SELECT {}::text::int4", SECRET)).await;
    assert!(events.contains(SECRET), "the pool opted in: {events}");
    assert_hidden("Display", &err.to_string(), SECRET);
    let (_, _, events) = insert_twice(&db).await;
    assert!(events.contains("already exists"), "the server's DETAIL too: {events}");
}
