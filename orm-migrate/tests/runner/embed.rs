//! `embed_migrations!` compiles in the same migrations `from_dir` reads.

use orm::testing::TestDb;
use orm_migrate::Migrator;

use crate::support::{relation_exists, scalar};

#[tokio::test]
async fn embedded_migrations_equal_the_directory_and_run() {
    let embedded = orm_migrate::embed_migrations!("tests/fixtures/migrations");
    let from_dir =
        Migrator::from_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/migrations")).unwrap();
    assert_eq!(embedded.migrations(), from_dir.migrations());
    assert_eq!(embedded.migrations().len(), 2);
    assert!(embedded.migrations()[1].no_transaction());

    let db = TestDb::new().await;
    assert_eq!(embedded.run(&db).await.unwrap().len(), 2);
    assert!(relation_exists(&db, "notes_body").await);
    assert_eq!(scalar::<String>(&db, "SELECT body FROM notes").await, "first; with a semicolon");
}
