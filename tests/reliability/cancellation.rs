//! Scenario 7: a transaction's future dropped at every await point (its BEGIN, its
//! statements, its COMMIT), and a panic inside the closure. The connection never goes
//! back to the pool inside a transaction, a held connection undoes the work before its
//! next statement, and a transaction is never committed in part.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use orm::prelude::*;
use orm::testing::TestDb;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "entries")]
pub struct Entry {
    #[column(primary_key, identity)]
    pub id: i64,
    pub label: String,
}

/// Polls `fut` at most `polls` times (each after a real wake-up), then drops it.
/// `true` when it completed first.
async fn poll_then_drop(fut: impl Future, polls: usize) -> bool {
    let mut fut = pin!(fut);
    let mut seen = 0;
    poll_fn(|cx| {
        seen += 1;
        match fut.as_mut().poll(cx) {
            Poll::Ready(_) => Poll::Ready(true),
            Poll::Pending if seen >= polls => Poll::Ready(false),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// A transaction of three statements: two inserts and a count.
async fn work(tx: &Transaction<'_>) -> orm::Result<u64> {
    Entry::insert(NewEntry { label: "first".into() }).execute(tx).await?;
    Entry::insert(NewEntry { label: "second".into() }).execute(tx).await?;
    Entry::select().count(tx).await
}

/// Sessions of this database idle inside a transaction, asked from a pool of its own
/// (so the asking session cannot be a leaked one). Closed sessions take a moment to go.
async fn idle_in_transaction(test_db: &TestDb) -> i64 {
    let observer = test_db.builder().max_size(1).connect().await.unwrap();
    let mut count = 0;
    for _ in 0..50 {
        count = orm::sql!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
        )
        .fetch_one(&observer)
        .await
        .unwrap();
        if count == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    count
}

/// Rows committed so far; a transaction commits both of its rows or neither.
async fn committed(db: &impl Executor) -> u64 {
    let rows = Entry::select().count(db).await.unwrap();
    assert!(rows % 2 == 0, "a transaction was committed in part: {rows} rows");
    rows
}

#[tokio::test]
async fn a_pool_transaction_dropped_at_every_await_point_leaves_no_open_session() {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Entry])).await;
    let db = test_db.builder().max_size(2).connect().await.unwrap();
    let mut completed_at = None;
    // Drops that still committed: only once COMMIT is on its way can that happen.
    let mut committed_anyway = Vec::new();
    for polls in 1..200 {
        let before = committed(&db).await;
        if poll_then_drop(db.transaction(async |tx| work(tx).await), polls).await {
            completed_at = Some(polls);
            break;
        }
        let after = committed(&db).await;
        assert!(after == before || after == before + 2, "dropped after {polls} polls: all or nothing");
        if after > before {
            committed_anyway.push(polls);
        }
        assert_eq!(idle_in_transaction(&test_db).await, 0, "dropped after {polls} polls");
        // The pool still serves, outside any transaction.
        db.transaction(async |tx| work(tx).await).await.unwrap();
    }
    let completed_at = completed_at.expect("the transaction completes when polled long enough");
    assert!(completed_at > 3, "it was dropped at several await points first ({completed_at} polls)");
    // Only drops once COMMIT is on its way commit: those form the tail just before the
    // transaction completes, and every earlier drop committed nothing.
    let tail: Vec<usize> = (completed_at - committed_anyway.len()..completed_at).collect();
    assert_eq!(committed_anyway, tail, "drops that committed (completes after {completed_at} polls)");
    assert!(committed_anyway.len() <= 2, "only the COMMIT's own await points: {committed_anyway:?}");
}

#[tokio::test]
async fn a_held_connections_transaction_dropped_at_every_await_point_is_undone_before_the_next_statement() {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Entry])).await;
    let conn = test_db.db().connection().await.unwrap();
    for polls in 1..200 {
        let before = committed(&conn).await;
        if poll_then_drop(conn.transaction(async |tx| work(tx).await), polls).await {
            assert!(polls > 3, "it was dropped at several await points first ({polls} polls)");
            return;
        }
        // The held session's next statement runs after the dropped work is undone.
        let after = committed(&conn).await;
        assert!(after == before || after == before + 2, "dropped after {polls} polls: all or nothing");
        // SAVEPOINT fails outside a transaction block, and only there.
        let probe = conn.batch_execute("SAVEPOINT probe").await;
        assert!(probe.is_err(), "dropped after {polls} polls: the session is outside any transaction");
        conn.transaction(async |tx| work(tx).await).await.unwrap();
    }
    panic!("the transaction never completed");
}

#[tokio::test]
async fn a_panic_inside_a_transaction_commits_nothing_and_leaves_no_open_session() {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Entry])).await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    let pool = db.clone();
    let task = tokio::spawn(async move {
        pool.transaction(async |tx| {
            work(tx).await?;
            panic!("the application's bug");
            #[allow(unreachable_code)]
            Ok::<_, orm::Error>(())
        })
        .await
    });
    assert!(task.await.unwrap_err().is_panic());
    assert_eq!(committed(&db).await, 0, "nothing from the panicked transaction");
    assert_eq!(idle_in_transaction(&test_db).await, 0);
    db.transaction(async |tx| work(tx).await).await.unwrap();
    assert_eq!(committed(&db).await, 2, "the pool of one serves again");
}
