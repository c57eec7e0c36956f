//! Introspection against a real PostgreSQL (DATABASE_URL, default
//! postgres://postgres@127.0.0.1:5432/postgres): schemas created with `create_sql`
//! read back as the snapshot of the code, and as Rust that declares them again.

// Test schemas are `pub` as an application's would be; nothing outside this crate uses them.
#![allow(unreachable_pub, dead_code)]

#[path = "../../../examples/blog/schema.rs"]
mod blog;
#[rustfmt::skip]
mod blog_introspected;
mod everything;
#[rustfmt::skip]
mod everything_introspected;

use std::path::Path;

use orm::Executor;
use orm::testing::TestDb;
use orm_migrate::{Snapshot, create_sql, introspect, rust_source};

/// The snapshot of a fresh database made from `schema`'s DDL.
async fn introspected(schema: &orm::Schema) -> Snapshot {
    let db = TestDb::with_schema(&create_sql(schema)).await;
    introspect(db.db()).await.expect("introspection")
}

/// Asserts equal snapshots, showing both as JSON when they differ.
fn assert_same(found: &Snapshot, expected: &Snapshot) {
    assert_eq!(found.to_json(), expected.to_json());
}

/// Asserts that `source` is the committed file `tests/introspect/<file>`; with
/// `ORM_BLESS=1`, rewrites the file instead.
fn assert_committed(file: &str, source: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/introspect").join(file);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == source {
        return;
    }
    if std::env::var("ORM_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, source).expect("write the blessed file");
        return;
    }
    let line = committed
        .lines()
        .zip(source.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(source.lines().count()));
    panic!(
        "rust_source differs from {} from line {}:\n  committed: {:?}\n  generated: {:?}\nrerun with ORM_BLESS=1 to accept the generated source; the whole of it:\n{source}",
        path.display(),
        line + 1,
        committed.lines().nth(line).unwrap_or("<end of file>"),
        source.lines().nth(line).unwrap_or("<end of file>"),
    );
}

#[tokio::test]
async fn every_schema_feature_reads_back_as_the_code_snapshot() {
    let schema = everything::schema();
    let snapshot = introspected(&schema).await;
    assert_same(&snapshot, &Snapshot::from_schema(&schema).without_rename_hints());
}

#[tokio::test]
async fn every_schema_feature_reads_back_as_rust_that_declares_it_again() {
    let schema = everything::schema();
    let snapshot = introspected(&schema).await;
    assert_committed("everything_introspected.rs", &rust_source(&snapshot));
    assert_same(&Snapshot::from_schema(&everything_introspected::schema()), &snapshot);
}

#[tokio::test]
async fn the_blog_reads_back_as_the_committed_rust() {
    let schema = blog::schema();
    let snapshot = introspected(&schema).await;
    assert_same(&snapshot, &Snapshot::from_schema(&schema).without_rename_hints());
    assert_committed("blog_introspected.rs", &rust_source(&snapshot));
    assert_same(&Snapshot::from_schema(&blog_introspected::schema()), &snapshot);
}

#[tokio::test]
async fn the_tracking_table_and_other_schemas_are_left_out() {
    let db = TestDb::new().await;
    db.batch_execute(
        "CREATE TABLE _orm_migrations (id text PRIMARY KEY); \
         CREATE SCHEMA other; CREATE TABLE other.hidden (id integer); \
         CREATE TYPE other.hidden_kind AS ENUM ('x'); \
         CREATE TABLE empty ();",
    )
    .await
    .unwrap();
    let snapshot = introspect(db.db()).await.unwrap();
    let names: Vec<&str> = snapshot.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["empty"]);
    assert!(snapshot.enums.is_empty());
}
