//! Reading a migrations directory: what is skipped, what is refused.

use orm_migrate::{MigrateError, Migration, Migrator};

use crate::support::Scratch;

#[test]
fn hidden_entries_and_plain_files_are_skipped() {
    let dir = Scratch::new();
    dir.write("20260101000000_create_posts", "-- orm:no-transaction\nCREATE INDEX CONCURRENTLY x ON t (a);")
        .write(".drafts", "not a migration");
    std::fs::write(dir.path().join("README.md"), "notes").unwrap();
    let migrator = dir.migrator();
    let [migration] = migrator.migrations() else { panic!("{:?}", migrator.migrations()) };
    assert_eq!((migration.version(), migration.name()), (20260101000000, "create_posts"));
    assert!(migration.no_transaction());
}

#[test]
fn a_directory_that_is_not_a_migration_is_an_error_naming_it() {
    let dir = Scratch::new();
    dir.write("create_posts", "CREATE TABLE posts (id int);");
    let err = Migrator::from_dir(dir.path()).unwrap_err();
    let MigrateError::InvalidMigration { ref path, .. } = err else { panic!("{err:?}") };
    assert_eq!(path, &dir.path().join("create_posts"));
    assert!(err.to_string().contains("<version>_<name>"), "{err}");
}

#[test]
fn a_migration_without_up_sql_is_an_error_naming_it() {
    let dir = Scratch::new();
    std::fs::create_dir(dir.path().join("20260101000000_empty")).unwrap();
    let err = Migrator::from_dir(dir.path()).unwrap_err();
    let MigrateError::InvalidMigration { ref path, ref reason } = err else { panic!("{err:?}") };
    assert_eq!(path, &dir.path().join("20260101000000_empty"));
    assert!(reason.contains("up.sql"), "{reason}");
}

#[test]
fn two_migrations_with_one_version_are_an_error() {
    let dir = Scratch::new();
    dir.write("20260101000000_a", "SELECT 1;").write("20260101000000_b", "SELECT 2;");
    let err = Migrator::from_dir(dir.path()).unwrap_err();
    assert!(matches!(err, MigrateError::DuplicateVersion { version: 20260101000000 }), "{err:?}");

    let twice = vec![Migration::new(1, "a", "SELECT 1"), Migration::new(1, "b", "SELECT 2")];
    assert!(matches!(Migrator::new(twice), Err(MigrateError::DuplicateVersion { version: 1 })));
}

#[test]
fn a_missing_directory_is_an_io_error_naming_it() {
    let dir = Scratch::new();
    let missing = dir.path().join("nope");
    let err = Migrator::from_dir(&missing).unwrap_err();
    let MigrateError::Io { ref path, .. } = err else { panic!("{err:?}") };
    assert_eq!(path, &missing);
}

#[test]
fn new_sorts_by_version() {
    let migrator =
        Migrator::new(vec![Migration::new(2, "b", "SELECT 2"), Migration::new(1, "a", "SELECT 1")]);
    let versions: Vec<i64> = migrator.unwrap().migrations().iter().map(Migration::version).collect();
    assert_eq!(versions, [1, 2]);
}
