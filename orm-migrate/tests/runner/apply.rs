//! Pending migrations apply in order, once, each with its tracking row; a failing one leaves nothing.

use std::time::Duration;

use orm::testing::TestDb;
use orm_migrate::{MigrateError, MigrationState};

use crate::support::{Scratch, advisory_locks, relation_exists, scalar, tracked_versions};

#[tokio::test]
async fn pending_migrations_apply_in_order_once_and_are_recorded() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260103000000_add_tags", "ALTER TABLE posts ADD COLUMN tags text[];")
        .write("20260101000000_create_posts", "CREATE TABLE posts (id int PRIMARY KEY, title text);")
        .write("20260102000000_slow_seed", "INSERT INTO posts VALUES (1, 'a;b'); SELECT pg_sleep(0.05);");
    let migrator = dir.migrator();

    let applied = migrator.run(&db).await.unwrap();
    let versions: Vec<i64> = applied.iter().map(|a| a.version).collect();
    assert_eq!(versions, [20260101000000, 20260102000000, 20260103000000]);
    assert_eq!(applied[1].name, "slow_seed");
    assert!(applied[1].duration >= Duration::from_millis(50), "{:?}", applied[1].duration);

    let client = db.pool().get().await.unwrap();
    let rows = client
        .query("SELECT version, name, checksum, duration_ms FROM _orm_migrations ORDER BY version", &[])
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for (row, migration) in rows.iter().zip(migrator.migrations()) {
        assert_eq!(row.get::<_, i64>(0), migration.version());
        assert_eq!(row.get::<_, String>(1), migration.name());
        assert_eq!(row.get::<_, String>(2), migration.checksum());
    }
    assert!(rows[1].get::<_, i64>(3) >= 50, "the seed slept 50 ms");
    assert_eq!(scalar::<Option<Vec<String>>>(&db, "SELECT tags FROM posts").await, None);

    assert!(migrator.run(&db).await.unwrap().is_empty(), "a second run applies nothing");
    assert_eq!(tracked_versions(&db).await.len(), 3);
    let statuses = migrator.status(&db).await.unwrap();
    assert!(statuses.iter().all(|s| matches!(s.state, MigrationState::Applied { .. })), "{statuses:?}");
}

#[tokio::test]
async fn status_reads_without_creating_the_tracking_table() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);");
    let statuses = dir.migrator().status(&db).await.unwrap();
    assert_eq!(statuses.len(), 1);
    assert_eq!((statuses[0].version, statuses[0].name.as_str()), (20260101000000, "create_posts"));
    assert_eq!(statuses[0].state, MigrationState::Pending);
    assert!(!relation_exists(&db, "_orm_migrations").await);
}

#[tokio::test]
async fn a_failing_migration_leaves_nothing_and_frees_the_lock() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_first", "CREATE TABLE first (id int);");
    dir.migrator().run(&db).await.unwrap();
    dir.write("20260102000000_broken", "CREATE TABLE a (id int); CREATE TABLE b (id int); SELECT 1/0;")
        .write("20260103000000_after", "CREATE TABLE after (id int);");

    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::Failed { version, ref name, ref statement, .. } = err else {
        panic!("expected Failed, got {err:?}");
    };
    assert_eq!((version, name.as_str(), statement), (20260102000000, "broken", &None));
    assert!(err.to_string().contains("division by zero"), "{err}");
    assert_eq!(tracked_versions(&db).await, [20260101000000]);
    for table in ["a", "b", "after"] {
        assert!(!relation_exists(&db, table).await, "{table} was rolled back or never ran");
    }
    assert!(relation_exists(&db, "first").await);
    assert_eq!(advisory_locks(&db).await, 0, "the lock was released");
}

#[tokio::test]
async fn a_failing_no_transaction_migration_names_its_statement_and_frees_the_lock() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write(
        "20260101000000_index",
        "-- orm:no-transaction\nCREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_missing ON a (missing);\n",
    );
    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::Failed { version, statement: Some(ref statement), .. } = err else {
        panic!("expected Failed with a statement, got {err:?}");
    };
    assert_eq!(version, 20260101000000);
    assert_eq!(statement, "CREATE INDEX CONCURRENTLY a_missing ON a (missing)");
    assert!(relation_exists(&db, "a").await, "statements before the failing one stay applied");
    assert!(tracked_versions(&db).await.is_empty());
    assert_eq!(advisory_locks(&db).await, 0, "the lock was released");
}

#[tokio::test]
async fn a_migration_that_starts_with_a_byte_order_mark_applies_in_either_mode() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_create", "\u{feff}CREATE TABLE a (id int);").write(
        "20260102000000_index",
        "\u{feff}-- orm:no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);",
    );
    dir.migrator().run(&db).await.unwrap();
    assert!(relation_exists(&db, "a_id").await);
    assert_eq!(tracked_versions(&db).await, [20260101000000, 20260102000000]);
}

#[tokio::test]
async fn a_no_transaction_migration_reads_strings_as_the_session_does_statement_by_statement() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    // With standard_conforming_strings off, `'a\'; b'` is one string holding `a'; b`.
    dir.write(
        "20260101000000_notes",
        "-- orm:no-transaction\nCREATE TABLE notes (n int, body text);\n\
         SET standard_conforming_strings = off;\nINSERT INTO notes VALUES (1, 'a\\'; b');\n\
         RESET standard_conforming_strings;\nINSERT INTO notes VALUES (2, 'c\\');\n",
    );
    dir.migrator().run(&db).await.unwrap();
    let client = db.pool().get().await.unwrap();
    let rows = client.query("SELECT body FROM notes ORDER BY n", &[]).await.unwrap();
    let bodies: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    assert_eq!(bodies, ["a'; b", "c\\"]);
}
