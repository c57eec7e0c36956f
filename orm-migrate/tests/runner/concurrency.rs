//! Migrators started at once: one applies, the others wait (polling) and find
//! everything applied, even around `CREATE INDEX CONCURRENTLY`.

use std::time::Duration;

use orm::testing::TestDb;

use crate::support::{Scratch, advisory_locks, scalar, tracked_versions};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_migrators_at_once_apply_each_migration_once_without_deadlock() {
    let db = TestDb::new().await;
    let dir = Scratch::new();
    dir.write(
        "20260101000000_create_items",
        "CREATE TABLE items (id bigint PRIMARY KEY, body text NOT NULL);\n\
         INSERT INTO items SELECT i, md5(i::text) FROM generate_series(1, 200000) i;",
    )
    .write(
        "20260102000000_index_items",
        "-- Builds the index while writes go on.\n-- orm:no-transaction\n\
         CREATE INDEX CONCURRENTLY items_body ON items (body);\n\
         CREATE INDEX CONCURRENTLY items_body_upper ON items (upper(body));\n",
    )
    .write("20260103000000_create_tags", "CREATE TABLE tags (id int);");

    let mut runs = Vec::new();
    for _ in 0..4 {
        let pool = db.builder().max_size(2).connect().await.unwrap();
        let migrator = dir.migrator();
        runs.push(tokio::spawn(async move { migrator.run(&pool).await }));
    }
    let mut applied = Vec::new();
    for run in runs {
        let result = tokio::time::timeout(Duration::from_secs(60), run).await.expect("no deadlock");
        applied.extend(result.unwrap().expect("every migrator returns Ok"));
    }

    let mut versions: Vec<i64> = applied.iter().map(|a| a.version).collect();
    versions.sort();
    assert_eq!(
        versions,
        [20260101000000, 20260102000000, 20260103000000],
        "each applied once, by one migrator"
    );
    assert_eq!(tracked_versions(&db).await, versions);
    let valid: i64 = scalar(
        &db,
        "SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid IN \
         ('items_body'::regclass, 'items_body_upper'::regclass)",
    )
    .await;
    assert_eq!(valid, 2, "both concurrent indexes were built and are valid");
    assert_eq!(advisory_locks(&db).await, 0);
}
