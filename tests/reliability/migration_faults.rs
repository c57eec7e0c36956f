//! Scenario 12: migrations under faults. A migrator killed mid-migration
//! (`pg_terminate_backend`) leaves no tracking row and no schema change, and a re-run
//! succeeds; an ALTER blocked behind a long transaction gives up with a lock-timeout
//! error instead of queueing every reader of the table behind it.

use std::time::Duration;

use orm::Db;
use orm::prelude::*;
use orm::testing::TestDb;
use orm_migrate::{MigrateError, Migration, Migrator};

const VERSION: i64 = 20260101000000;

/// Sessions of this database waiting for a lock, running SQL that contains `marker`.
async fn waiting_pid(db: &Db, marker: &str) -> Option<i32> {
    for _ in 0..250 {
        let pid: Option<i32> = orm::sql!(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' \
             AND query LIKE '%' || {} || '%' LIMIT 1",
            marker.to_owned()
        )
        .fetch_optional(db)
        .await
        .unwrap();
        if pid.is_some() {
            return pid;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

async fn exists(db: &Db, relation: &str) -> bool {
    orm::sql!("SELECT to_regclass({}) IS NOT NULL", relation.to_owned()).fetch_one(db).await.unwrap()
}

async fn tracked(db: &Db) -> i64 {
    orm::sql!("SELECT count(*) FROM _orm_migrations WHERE version = {}", VERSION).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn a_migrator_killed_mid_migration_leaves_nothing_and_a_rerun_succeeds() {
    let test_db = TestDb::with_schema("CREATE TABLE blocker (id int)").await;
    let migrator = Migrator::new(vec![Migration::new(
        VERSION,
        "killed",
        "CREATE TABLE created_first (id int);\nINSERT INTO blocker VALUES (1); -- kill-me\nCREATE TABLE created_last (id int);",
    )])
    .unwrap()
    .ddl_lock_timeout(Duration::from_secs(60));

    // Another session holds the table the migration writes to, so it stops half-way.
    let holder = test_db.db().connection().await.unwrap();
    holder.batch_execute("BEGIN; LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let run = tokio::spawn({
        let db = test_db.db().clone();
        let migrator = migrator.clone();
        async move { migrator.run(&db).await }
    });
    let pid = waiting_pid(test_db.db(), "kill-me").await.expect("the migration waits for the lock");
    let killed: bool =
        orm::sql!("SELECT pg_terminate_backend({})", pid).fetch_one(test_db.db()).await.unwrap();
    assert!(killed);
    let err = run.await.unwrap().unwrap_err();
    assert!(matches!(err, MigrateError::Failed { .. } | MigrateError::Db(_)), "{err:?}");
    holder.batch_execute("ROLLBACK").await.unwrap();

    assert_eq!(tracked(test_db.db()).await, 0, "no tracking row");
    assert!(!exists(test_db.db(), "created_first").await, "the statement before the kill was rolled back");

    let applied = migrator.run(test_db.db()).await.expect("a re-run succeeds");
    assert_eq!(applied.len(), 1);
    assert_eq!(tracked(test_db.db()).await, 1);
    assert!(exists(test_db.db(), "created_first").await && exists(test_db.db(), "created_last").await);
}

#[tokio::test]
async fn an_alter_behind_a_long_transaction_gives_up_and_lets_readers_through() {
    let test_db = TestDb::with_schema("CREATE TABLE busy (id int); INSERT INTO busy VALUES (1), (2)").await;
    let migrator =
        Migrator::new(vec![Migration::new(VERSION, "add_column", "ALTER TABLE busy ADD COLUMN note text")])
            .unwrap()
            .ddl_lock_timeout(Duration::from_millis(500));

    // A long transaction that has read the table: the ALTER must wait for it.
    let long = test_db.db().connection().await.unwrap();
    long.batch_execute("BEGIN; SELECT count(*) FROM busy").await.unwrap();
    let run = tokio::spawn({
        let db = test_db.db().clone();
        async move { migrator.run(&db).await }
    });
    waiting_pid(test_db.db(), "ADD COLUMN note").await.expect("the ALTER waits behind the long transaction");

    // A reader arriving now queues behind the waiting ALTER, until the ALTER gives up.
    let reader =
        test_db.builder().max_size(1).statement_timeout(Duration::from_secs(20)).connect().await.unwrap();
    let rows: i64 = orm::sql!("SELECT count(*) FROM busy").fetch_one(&reader).await.unwrap();
    assert_eq!(rows, 2, "the reader got through while the long transaction is still open");

    let err = run.await.unwrap().unwrap_err();
    assert!(matches!(err, MigrateError::TableBusy { statement: None, .. }), "{err:?}");
    assert!(err.to_string().contains("ddl_lock_timeout"), "the message says what to do: {err}");
    assert_eq!(tracked(test_db.db()).await, 0, "no tracking row");
    let columns: i64 = orm::sql!(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"
    )
    .fetch_one(test_db.db())
    .await
    .unwrap();
    assert_eq!(columns, 0, "the schema is unchanged");
    long.batch_execute("ROLLBACK").await.unwrap();
}
