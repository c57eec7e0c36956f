//! `introspect_schema` on a schema other than the current one, as scratch-schema
//! canonicalization uses it.

use orm_core::testing::TestDb;

use super::introspect_schema;
use crate::create_sql;
use crate::fixtures::*;
use crate::snapshot::Snapshot;

#[tokio::test]
async fn reads_the_named_schema_only() {
    let schema = schema(&[&BOOKS, &AUTHORS, &USERS, &TEAMS, &PLAYERS, &ODD]);
    let db = TestDb::new().await;
    let client = db.pool().get().await.unwrap();
    client
        .batch_execute(&format!(
            "CREATE SCHEMA scratch; SET search_path TO scratch;\n{}",
            create_sql(&schema)
        ))
        .await
        .unwrap();
    client.batch_execute("RESET search_path; CREATE TABLE public.elsewhere (id integer);").await.unwrap();

    let snapshot = introspect_schema(&client, "scratch").await.unwrap();
    assert_eq!(snapshot.to_json(), Snapshot::from_schema(&schema).to_json());
    let public = introspect_schema(&client, "public").await.unwrap();
    assert_eq!(public.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["elsewhere"]);
    assert!(public.enums.is_empty());
}
