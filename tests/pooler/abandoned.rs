//! What a caller abandons mid-call through a transaction pooler never reaches the next
//! caller of the same pooled connection.

use std::time::Duration;

use orm::PoolerMode;
use orm::prelude::*;
use orm::testing::TestDb;

use crate::schema::*;
use crate::support::{Bounced, raw_client};

#[tokio::test]
async fn a_statement_dropped_while_its_types_are_learned_leaves_no_transaction_behind() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = bounced.builder().max_size(1).build().unwrap();
    // The insert's types are learned now: the next one is sent as is.
    Member::insert(new_member("first@x.io", None)).execute(&db).await.unwrap();

    // Preparing a statement on `posts` waits for this lock: the learning of the select
    // (which runs in a transaction of its own) stays open until the caller gives up.
    let locker = raw_client(&bounced.url()).await;
    locker.batch_execute("BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let gave_up = tokio::time::timeout(Duration::from_millis(300), Post::select().all(&db)).await;
    assert!(gave_up.is_err(), "the select waits for the lock: {gave_up:?}");
    locker.batch_execute("COMMIT").await.unwrap();

    // The next caller gets the pool's one connection: its insert must commit.
    Member::insert(new_member("second@x.io", None)).execute(&db).await.unwrap();
    let committed = Member::select().count(bounced.direct.db()).await.unwrap();
    assert_eq!(committed, 2, "the second insert ran inside the abandoned learning's transaction");
}

#[tokio::test]
async fn a_pipeline_whose_types_are_still_being_learned_keeps_its_timeout() {
    // Straight to the server, in the pooler mode: PgBouncer 1.18's handling of cancel
    // requests is not what this test is about.
    let direct = TestDb::with_schema(&schema_sql()).await;
    let db = direct.builder().pooler_mode(PoolerMode::Transaction).max_size(1).build().unwrap();
    let locker = direct.connection().await.unwrap();
    locker.batch_execute("BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE").await.unwrap();

    // Learning the select's types waits for the lock: the timeout cancels it there.
    let pipeline = db.pipeline((Post::select().timeout(Duration::from_millis(200)),));
    let outcome = tokio::time::timeout(Duration::from_secs(5), pipeline).await;
    locker.batch_execute("COMMIT").await.unwrap();
    let outcome = outcome.expect("the pipeline returns at its timeout, not when the lock goes");
    assert!(matches!(outcome, Err(orm::Error::Timeout { .. })), "{outcome:?}");

    // The pool's one connection is usable, and commits.
    Member::insert(new_member("after@x.io", None)).execute(&db).await.unwrap();
    assert_eq!(Member::select().count(direct.db()).await.unwrap(), 1);
}

#[tokio::test]
async fn a_timed_out_statement_is_cancelled_through_pgbouncer_and_the_pool_goes_on() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = bounced.builder().max_size(1).build().unwrap();
    Member::insert(new_member("kept@x.io", None)).execute(&db).await.unwrap();
    for round in 0..5 {
        let started = std::time::Instant::now();
        let outcome = sql!("SELECT pg_sleep(10)").timeout(Duration::from_millis(200)).execute(&db).await;
        assert!(started.elapsed() < Duration::from_secs(2), "round {round}: after {:?}", started.elapsed());
        assert!(matches!(outcome, Err(orm::Error::Timeout { .. })), "round {round}: {outcome:?}");
        // The server stopped: no session of the database is still sleeping.
        let sleeping: i64 = sql!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE {} AND state = 'active'",
            "SELECT pg_sleep(10)%"
        )
        .fetch_one(bounced.direct.db())
        .await
        .unwrap();
        assert_eq!(sleeping, 0, "round {round}: the server still runs the statement");
        // The pool's one connection (or its replacement) goes on.
        let count = Member::select().count(&db).await.unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        assert_eq!(count, 1);
    }
}
