//! Sessions stay clean: a statement whose future is dropped mid-transaction, or a
//! script that fails or leaves a transaction open, never leaks an open transaction
//! to the next caller; the library's own atomic units never end a caller's transaction.

use std::time::Duration;

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

/// Inserts one tag through `db`.
async fn insert_tag(db: &impl Executor, label: &str) {
    Tag::insert(NewTag { label: label.to_owned(), uses: None }).execute(db).await.unwrap();
}

/// Rows enough for three statements: `tags` has two insertable columns.
fn many_tags() -> impl Iterator<Item = NewTag> {
    (0..70_000).map(|i| NewTag { label: format!("tag {i}"), uses: Some(1) })
}

/// Sessions on this test's database that sit inside a transaction, waiting for nothing.
async fn idle_in_transaction(db: &Db) -> i64 {
    let client = db.pool().get().await.unwrap();
    client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

/// Starts a transaction on another session that keeps every insert into `tags` waiting.
async fn lock_tags(db: &Db) -> orm::Connection {
    let blocker = db.connection().await.unwrap();
    blocker.batch_execute("BEGIN; LOCK TABLE tags IN EXCLUSIVE MODE").await.unwrap();
    blocker
}

/// Polls until no session of the database is idle in a transaction (the server needs a
/// moment to notice a closed session), or gives up after five seconds.
async fn settle(db: &Db) -> i64 {
    for _ in 0..50 {
        let open = idle_in_transaction(db).await;
        if open == 0 {
            return 0;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    idle_in_transaction(db).await
}

#[tokio::test]
async fn a_dropped_chunked_insert_on_the_pool_is_rolled_back() {
    let db = blog_db().await;
    let blocker = lock_tags(&db).await;
    let insert = Tag::insert_many(many_tags()).execute(&*db);
    let outcome = tokio::time::timeout(Duration::from_millis(300), insert).await;
    assert!(outcome.is_err(), "the insert should still be waiting for the lock: {outcome:?}");
    blocker.batch_execute("ROLLBACK").await.unwrap();
    drop(blocker);

    assert_eq!(settle(&db).await, 0, "no session was left idle in transaction");
    for i in 0..4 {
        Tag::insert(NewTag { label: format!("after {i}"), uses: None }).execute(&*db).await.unwrap();
    }
    let labels: Vec<String> = Tag::select().columns(Tag::LABEL).order_by(Tag::LABEL).all(&*db).await.unwrap();
    assert_eq!(
        labels,
        ["after 0", "after 1", "after 2", "after 3"],
        "nothing of the dropped insert, everything after it"
    );
}

#[tokio::test]
async fn a_dropped_chunked_insert_on_a_held_connection_is_rolled_back_before_the_next_statement() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    let blocker = lock_tags(&db).await;
    let outcome =
        tokio::time::timeout(Duration::from_millis(300), Tag::insert_many(many_tags()).execute(&conn)).await;
    assert!(outcome.is_err(), "the insert should still be waiting for the lock: {outcome:?}");
    blocker.batch_execute("ROLLBACK").await.unwrap();
    drop(blocker);

    insert_tag(&conn, "after").await;
    drop(conn);
    assert_eq!(settle(&db).await, 0, "no session was left idle in transaction");
    let labels: Vec<String> = Tag::select().columns(Tag::LABEL).all(&*db).await.unwrap();
    assert_eq!(labels, ["after"], "the next statement on the connection committed on its own");
}

#[tokio::test]
async fn a_failing_script_does_not_poison_the_pool() {
    let test_db = blog_db().await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    let err = db
        .batch_execute("BEGIN; INSERT INTO tags (label) VALUES ('x'); SELECT 1/0; COMMIT;")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("division by zero"), "the server's message is kept: {err}");
    for i in 0..3 {
        Tag::insert(NewTag { label: format!("next {i}"), uses: None }).execute(&db).await.unwrap();
    }
    assert_eq!(Tag::select().count(&*test_db).await.unwrap(), 3, "the one pooled session works and commits");
}

#[tokio::test]
async fn a_script_that_leaves_a_transaction_open_on_the_pool_is_refused() {
    let test_db = blog_db().await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    let err = db.batch_execute("BEGIN; INSERT INTO tags (label) VALUES ('dangling')").await.unwrap_err();
    assert!(matches!(err, Error::OpenTransaction), "{err:?}");
    Tag::insert(NewTag { label: "next".into(), uses: None }).execute(&db).await.unwrap();
    let labels: Vec<String> = Tag::select().columns(Tag::LABEL).all(&*test_db).await.unwrap();
    assert_eq!(labels, ["next"], "the dangling insert was rolled back, the next one committed");
}

#[tokio::test]
async fn a_chunked_insert_inside_the_callers_transaction_stays_inside_it() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    conn.batch_execute("BEGIN").await.unwrap();
    insert_tag(&conn, "mine").await;
    let inserted = Tag::insert_many(many_tags()).execute(&conn).await.unwrap();
    assert_eq!(inserted, 70_000);
    assert_eq!(Tag::select().count(&*db).await.unwrap(), 0, "nothing is visible before the caller commits");
    conn.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(Tag::select().count(&conn).await.unwrap(), 0, "the caller's rollback undid everything");
}

#[tokio::test]
async fn a_failed_chunked_insert_inside_the_callers_transaction_undoes_only_itself() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    conn.batch_execute("BEGIN").await.unwrap();
    insert_tag(&conn, "mine").await;
    let mut rows: Vec<NewTag> = many_tags().collect();
    rows.last_mut().unwrap().label = "tag 0".into();
    let err = Tag::insert_many(rows).execute(&conn).await.unwrap_err();
    assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
    conn.batch_execute("COMMIT").await.unwrap();
    let labels: Vec<String> = Tag::select().columns(Tag::LABEL).all(&*db).await.unwrap();
    assert_eq!(labels, ["mine"], "the caller's own row survived and committed");
}

#[tokio::test]
async fn a_dropped_chunked_insert_inside_the_callers_transaction_undoes_only_itself() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    conn.batch_execute("BEGIN").await.unwrap();
    insert_tag(&conn, "mine").await;
    let blocker = db.connection().await.unwrap();
    // Waits on the first chunk's rows: "tag 0" is being inserted by the blocker's open transaction.
    blocker.batch_execute("BEGIN; INSERT INTO tags (label) VALUES ('tag 0')").await.unwrap();
    let outcome =
        tokio::time::timeout(Duration::from_millis(300), Tag::insert_many(many_tags()).execute(&conn)).await;
    assert!(outcome.is_err(), "the insert should still be waiting for the blocker: {outcome:?}");
    blocker.batch_execute("ROLLBACK").await.unwrap();

    insert_tag(&conn, "also mine").await;
    conn.batch_execute("COMMIT").await.unwrap();
    let labels: Vec<String> = Tag::select().columns(Tag::LABEL).order_by(Tag::LABEL).all(&*db).await.unwrap();
    assert_eq!(
        labels,
        ["also mine", "mine"],
        "the caller's transaction kept its rows, the dropped insert left none"
    );
}
