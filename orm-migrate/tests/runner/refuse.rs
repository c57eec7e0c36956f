//! Refusals before anything runs: an edited or missing applied migration, an
//! out-of-order one, a lock held too long.

use std::time::Duration;

use orm::testing::TestDb;
use orm_migrate::{MigrateError, MigrationState};

use crate::support::{LOCK_KEY, Scratch, advisory_locks, relation_exists, tracked_versions};

#[tokio::test]
async fn an_edited_applied_migration_is_refused_and_nothing_runs() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);");
    dir.migrator().run(&db).await.unwrap();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id bigint);")
        .write("20260102000000_create_tags", "CREATE TABLE tags (id int);");

    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::ChecksumMismatch { version, ref name } = err else { panic!("{err:?}") };
    assert_eq!((version, name.as_str()), (20260101000000, "create_posts"));
    assert!(err.to_string().contains("restore its up.sql, or write a new migration"), "{err}");
    assert!(!relation_exists(&db, "tags").await, "the pending migration did not run");
    assert_eq!(tracked_versions(&db).await, [20260101000000]);
    assert_eq!(advisory_locks(&db).await, 0, "the refusal released the lock");

    let states: Vec<MigrationState> =
        dir.migrator().status(&db).await.unwrap().into_iter().map(|s| s.state).collect();
    assert!(
        matches!(states[..], [MigrationState::ChecksumMismatch { .. }, MigrationState::Pending]),
        "{states:?}"
    );
}

#[tokio::test]
async fn an_applied_migration_missing_on_disk_is_refused_and_nothing_runs() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);")
        .write("20260102000000_create_tags", "CREATE TABLE tags (id int);");
    dir.migrator().run(&db).await.unwrap();
    dir.remove("20260101000000_create_posts");
    dir.write("20260103000000_create_users", "CREATE TABLE users (id int);");

    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::MissingOnDisk { version, ref name } = err else { panic!("{err:?}") };
    assert_eq!((version, name.as_str()), (20260101000000, "create_posts"));
    assert!(!relation_exists(&db, "users").await, "the pending migration did not run");
    assert_eq!(tracked_versions(&db).await, [20260101000000, 20260102000000]);

    let statuses = dir.migrator().status(&db).await.unwrap();
    assert_eq!(statuses[0].name, "create_posts");
    assert!(matches!(statuses[0].state, MigrationState::MissingOnDisk { .. }), "{statuses:?}");
}

#[tokio::test]
async fn an_out_of_order_migration_is_refused_unless_allowed() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260102000000_create_tags", "CREATE TABLE tags (id int);");
    dir.migrator().run(&db).await.unwrap();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);")
        .write("20260103000000_create_users", "CREATE TABLE users (id int);");

    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::OutOfOrder { version, newest_applied, .. } = err else { panic!("{err:?}") };
    assert_eq!((version, newest_applied), (20260101000000, 20260102000000));
    assert!(!relation_exists(&db, "posts").await && !relation_exists(&db, "users").await);
    assert_eq!(tracked_versions(&db).await, [20260102000000]);

    let applied = dir.migrator().allow_out_of_order(true).run(&db).await.unwrap();
    let versions: Vec<i64> = applied.iter().map(|a| a.version).collect();
    assert_eq!(versions, [20260101000000, 20260103000000]);
    assert!(relation_exists(&db, "posts").await && relation_exists(&db, "users").await);
}

#[tokio::test]
async fn a_lock_held_elsewhere_times_out_and_nothing_runs() {
    let db = TestDb::new().await;
    let holder = db.pool().get().await.unwrap();
    holder.execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY]).await.unwrap();
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);");

    let err = dir.migrator().lock_timeout(Duration::from_millis(300)).run(&db).await.unwrap_err();
    let MigrateError::LockTimeout { waited } = err else { panic!("{err:?}") };
    assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(3), "{waited:?}");
    assert!(!relation_exists(&db, "posts").await);
    assert!(!relation_exists(&db, "_orm_migrations").await, "not even the tracking table");

    holder.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]).await.unwrap();
    assert_eq!(dir.migrator().run(&db).await.unwrap().len(), 1, "once released, the run goes on");
}

#[tokio::test]
async fn transaction_control_in_a_transactional_migration_is_refused_before_any_runs() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "CREATE TABLE posts (id int);").write(
        "20260102000000_half",
        "CREATE TABLE tags (id int);\nCOMMIT;\nCREATE TABLE broken (id nonsense);",
    );

    let err = dir.migrator().run(&db).await.unwrap_err();
    let MigrateError::TransactionControl { version, line, ref statement, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!((version, line, statement.as_str()), (20260102000000, 2, "COMMIT"));
    assert!(err.to_string().contains("-- orm:no-transaction"), "{err}");
    // Nothing ran: neither the earlier pending migration nor the first half of this one.
    assert!(!relation_exists(&db, "posts").await, "no pending migration ran");
    assert!(!relation_exists(&db, "tags").await, "the part before COMMIT did not commit");
    assert!(tracked_versions(&db).await.is_empty());
    assert_eq!(advisory_locks(&db).await, 0, "the refusal released the lock");

    // Marked `-- orm:no-transaction`, the same text runs statement by statement.
    dir.write(
        "20260102000000_half",
        "-- orm:no-transaction\nCREATE TABLE tags (id int);\nCOMMIT;\nCREATE TABLE kept (id int);",
    );
    dir.migrator().run(&db).await.unwrap();
    assert!(relation_exists(&db, "kept").await);
}
