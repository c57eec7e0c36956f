//! Per-call `.timeout(..)`: a statement still running when it passes is cancelled on
//! the server (pg_stat_activity shows it gone), the call fails with `Error::Timeout`,
//! and the session is clean for the next call; the server's own `statement_timeout`
//! and `lock_timeout` give the same error.

mod terminals;

use std::time::{Duration, Instant};

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

use crate::schema::*;

/// The timeout the tests give calls that must not finish.
const SHORT: Duration = Duration::from_millis(200);

/// A view whose one row costs `nap(10)`: ten seconds of `pg_sleep`.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "naps")]
pub struct Nap {
    #[column(primary_key)]
    pub id: i32,
}

/// `nap(seconds)` sleeps, then holds; `stubborn_nap(seconds)` sleeps as long, but
/// swallows every cancel (as a statement stuck where the server cannot interrupt it
/// would: the server signals a cancel twice, so one handler is not enough).
const SLOW_SQL: &str = "
    CREATE FUNCTION nap(seconds float8) RETURNS boolean LANGUAGE sql VOLATILE
        AS 'SELECT true FROM pg_sleep(seconds)';
    CREATE VIEW naps AS SELECT 1 AS id WHERE nap(10);
    CREATE FUNCTION stubborn_nap(seconds float8) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        until timestamptz := clock_timestamp() + make_interval(secs => seconds);
    BEGIN
        WHILE clock_timestamp() < until LOOP
            BEGIN
                PERFORM pg_sleep(0.05);
            EXCEPTION WHEN query_canceled THEN
                NULL;
            END;
        END LOOP;
    END $$;
";

/// The blog schema plus the slow function and view.
pub(super) async fn slow_db() -> TestDb {
    let db = blog_db().await;
    db.batch_execute(SLOW_SQL).await.unwrap();
    db
}

/// A pool of one connection to the test's database, and that connection's backend pid.
async fn one_connection_pool(test_db: &TestDb) -> (Db, i32) {
    let db = test_db.builder().max_size(1).build().unwrap();
    let pid = sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&db).await.unwrap();
    (db, pid)
}

/// What the server says backend `pid` is doing: its state and its last query, read on
/// another connection (the test database's own pool).
async fn activity(db: &Db, pid: i32) -> Option<(Option<String>, Option<String>)> {
    sql!("SELECT state, query FROM pg_stat_activity WHERE pid = {}", pid).fetch_optional(db).await.unwrap()
}

/// Asserts that backend `pid` is open and idle, allowing it a moment to report so
/// (a cancelled statement's error reaches the client just before the backend's
/// state turns idle).
async fn assert_idle(db: &Db, pid: i32) {
    let mut seen = None;
    for _ in 0..20 {
        seen = activity(db, pid).await;
        let (state, _) = seen.as_ref().expect("the session is still open");
        if state.as_deref() == Some("idle") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server still runs the statement half a second after its cancel: {seen:?}");
}

/// Runs `call` and says how long it took.
pub(super) async fn timed<T>(call: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let outcome = call.await;
    (outcome, started.elapsed())
}

/// Asserts that `outcome` is a timeout the server answered (SQLSTATE 57014).
fn assert_cancelled_on_the_server<T: std::fmt::Debug>(outcome: orm::Result<T>) {
    match outcome {
        Err(Error::Timeout { source: Some(source) }) => {
            let text = format!("{source:?}");
            assert!(text.contains("57014"), "the server's answer is the cancel: {text}");
        }
        other => panic!("expected the server's cancel as Error::Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn raw_sql_past_its_timeout_is_cancelled_on_the_server_and_the_session_stays_clean() {
    let test_db = slow_db().await;
    let (db, pid) = one_connection_pool(&test_db).await;

    let (outcome, elapsed) = timed(sql!("SELECT pg_sleep(10)").timeout(SHORT).execute(&db)).await;
    assert_cancelled_on_the_server(outcome);
    assert!(elapsed < Duration::from_secs(1), "returned after {elapsed:?}");

    assert_idle(&test_db, pid).await;

    // The one pooled connection went back clean: the next call runs on it at once.
    let started = Instant::now();
    let again = sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&db).await.unwrap();
    assert_eq!(again, pid, "the same session, not a new one");
    assert!(started.elapsed() < Duration::from_secs(1), "the next query waited {:?}", started.elapsed());
    assert_eq!(sql!("SELECT {} + 1", 41_i32).fetch_one::<i32, _>(&db).await.unwrap(), 42);
}

#[tokio::test]
async fn a_filter_calling_a_slow_function_is_cancelled_on_the_server() {
    let test_db = slow_db().await;
    let (db, pid) = one_connection_pool(&test_db).await;
    insert_user(&test_db, "ada@example.com", "Ada").await;

    let (outcome, elapsed) =
        timed(User::select().filter(exists(Nap::select())).timeout(SHORT).all(&db)).await;
    assert_cancelled_on_the_server(outcome);
    assert!(elapsed < Duration::from_secs(1), "returned after {elapsed:?}");

    assert_idle(&test_db, pid).await;
    let users = User::select().all(&db).await.unwrap();
    assert_eq!(users.len(), 1, "the session answers the next query correctly");
}

#[tokio::test]
async fn a_timeout_that_does_not_pass_changes_nothing() {
    let test_db = slow_db().await;
    let slept = sql!("SELECT pg_sleep(0.05)").timeout(Duration::from_secs(5)).execute(&*test_db).await;
    assert_eq!(slept.unwrap(), 1);
    let quick =
        sql!("SELECT {}::int", 7_i32).timeout(Duration::from_secs(5)).fetch_one::<i32, _>(&*test_db).await;
    assert_eq!(quick.unwrap(), 7);
}

#[tokio::test]
async fn waiting_for_a_pooled_connection_counts_against_the_timeout() {
    let test_db = blog_db().await;
    let db = test_db.builder().max_size(1).build().unwrap();
    let held = db.connection().await.unwrap();

    let (outcome, elapsed) = timed(User::select().timeout(SHORT).all(&db)).await;
    assert!(matches!(outcome, Err(Error::Timeout { source: None })), "{outcome:?}");
    assert!(elapsed < Duration::from_secs(1), "waited {elapsed:?}, not the pool's 30 s");

    drop(held);
    assert!(User::select().timeout(SHORT).all(&db).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_statement_that_ignores_the_cancel_costs_its_connection_not_the_next_caller() {
    let test_db = slow_db().await;
    let (db, pid) = one_connection_pool(&test_db).await;

    let (outcome, elapsed) = timed(sql!("SELECT stubborn_nap(3)").timeout(SHORT).execute(&db)).await;
    assert!(matches!(outcome, Err(Error::Timeout { source: None })), "no answer to the cancel: {outcome:?}");
    assert!(elapsed < Duration::from_millis(1500), "returned after {elapsed:?}");

    // The session still running the statement was closed, not pooled: the next call
    // opens a new one instead of waiting the three seconds behind it.
    let started = Instant::now();
    let next = sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&db).await.unwrap();
    assert_ne!(next, pid, "a new session");
    assert!(started.elapsed() < Duration::from_secs(1), "the next query waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_transaction_or_held_connection_whose_statement_ignores_the_cancel_is_closed_not_pooled() {
    let test_db = slow_db().await;
    let (db, pid) = one_connection_pool(&test_db).await;

    let (outcome, elapsed) = timed(db.transaction(async |tx| {
        Tag::insert(NewTag { label: "kept?".into(), uses: None }).execute(tx).await?;
        sql!("SELECT stubborn_nap(3)").timeout(SHORT).execute(tx).await
    }))
    .await;
    assert!(matches!(outcome, Err(Error::Timeout { source: None })), "{outcome:?}");
    assert!(
        elapsed < Duration::from_millis(1500),
        "the rollback did not wait behind the statement: {elapsed:?}"
    );
    let (next, elapsed) = timed(sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&db)).await;
    assert_ne!(next.unwrap(), pid, "the session went away with its transaction");
    assert!(elapsed < Duration::from_secs(1), "the next query waited {elapsed:?}");
    assert_eq!(Tag::select().count(&db).await.unwrap(), 0, "nothing committed");

    let conn = db.connection().await.unwrap();
    let pid = sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&conn).await.unwrap();
    let outcome = sql!("SELECT stubborn_nap(3)").timeout(SHORT).execute(&conn).await;
    assert!(matches!(outcome, Err(Error::Timeout { source: None })), "{outcome:?}");
    drop(conn);
    let (next, elapsed) = timed(sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(&db)).await;
    assert_ne!(next.unwrap(), pid, "the held session was closed, not pooled");
    assert!(elapsed < Duration::from_secs(1), "the next query waited {elapsed:?}");
}

#[tokio::test]
async fn a_timed_out_statement_fails_the_transaction_and_nothing_commits() {
    let db = slow_db().await;
    let outcome = db
        .transaction(async |tx| {
            Tag::insert(NewTag { label: "kept?".into(), uses: None }).execute(tx).await?;
            sql!("SELECT pg_sleep(10)").timeout(SHORT).execute(tx).await?;
            Ok::<_, Error>(())
        })
        .await;
    assert!(matches!(outcome, Err(Error::Timeout { .. })), "{outcome:?}");

    // The closure going on after the timeout cannot commit either.
    let outcome = db
        .transaction(async |tx| {
            Tag::insert(NewTag { label: "kept?".into(), uses: None }).execute(tx).await?;
            let timed_out = User::select().filter(exists(Nap::select())).timeout(SHORT).all(tx).await;
            assert!(matches!(timed_out, Err(Error::Timeout { .. })), "{timed_out:?}");
            Ok::<_, Error>(())
        })
        .await;
    assert!(matches!(outcome, Err(Error::TransactionAborted)), "{outcome:?}");

    assert_eq!(Tag::select().count(&*db).await.unwrap(), 0, "nothing committed");
    // The pool's sessions are clean: a new transaction commits.
    db.transaction(async |tx| Tag::insert(NewTag { label: "kept".into(), uses: None }).execute(tx).await)
        .await
        .unwrap();
    assert_eq!(Tag::select().count(&*db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_timeout_on_a_held_connection_leaves_it_ready_for_the_next_statement() {
    let db = slow_db().await;
    let conn = db.connection().await.unwrap();
    assert_cancelled_on_the_server(sql!("SELECT pg_sleep(10)").timeout(SHORT).execute(&conn).await);
    let started = Instant::now();
    assert_eq!(sql!("SELECT 5").fetch_one::<i32, _>(&conn).await.unwrap(), 5);
    assert!(started.elapsed() < Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn the_servers_statement_timeout_and_lock_timeout_are_timeouts() {
    let db = slow_db().await;
    let conn = db.connection().await.unwrap();
    conn.batch_execute("SET statement_timeout = '100ms'").await.unwrap();
    assert_cancelled_on_the_server(sql!("SELECT pg_sleep(5)").execute(&conn).await);
    conn.batch_execute("RESET statement_timeout").await.unwrap();

    let blocker = db.connection().await.unwrap();
    blocker.batch_execute("BEGIN; LOCK TABLE tags IN ACCESS EXCLUSIVE MODE").await.unwrap();
    conn.batch_execute("SET lock_timeout = '100ms'").await.unwrap();
    match Tag::select().all(&conn).await {
        Err(Error::Timeout { source: Some(source) }) => {
            assert!(format!("{source:?}").contains("55P03"), "lock_timeout: {source:?}");
        }
        other => panic!("expected lock_timeout as Error::Timeout, got {other:?}"),
    }
    blocker.batch_execute("ROLLBACK").await.unwrap();

    // NOWAIT fails with the same SQLSTATE at once: not a timeout, a refusal.
    Tag::insert(NewTag { label: "locked".into(), uses: None }).execute(&*db).await.unwrap();
    blocker.batch_execute("BEGIN; SELECT * FROM tags FOR UPDATE").await.unwrap();
    let outcome = Tag::select().for_update().nowait().all(&conn).await;
    assert!(matches!(outcome, Err(Error::Db(_))), "NOWAIT is not a timeout: {outcome:?}");
    blocker.batch_execute("ROLLBACK").await.unwrap();
}
