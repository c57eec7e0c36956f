//! `create_sql`'s output applied to a real PostgreSQL (`DATABASE_URL`) and read
//! back from the catalog.

use orm_core::Executor;
use orm_core::schema::{ColumnMeta, IndexMeta, SqlType, TableMeta};
use orm_core::testing::TestDb;

use super::create_sql;
use crate::fixtures::*;

const LONG_TABLE: &str = "accounts_with_a_deliberately_long_name_for_truncation_tests";
const LONG_COLUMN: &str = "a_column_name_that_is_long_enough_to_be_shortened";

/// Names long enough that every generated constraint and index name is shortened.
static LONG: TableMeta = TableMeta {
    indexes: &[IndexMeta {
        name: None,
        columns: &[LONG_COLUMN, "id"],
        unique: false,
        using: None,
        expressions: &[],
        predicate: None,
    }],
    ..table(
        LONG_TABLE,
        &[
            col("id", SqlType::Integer),
            ColumnMeta {
                unique: true,
                check: Some("a_column_name_that_is_long_enough_to_be_shortened > 0"),
                references: key_to(LONG_TABLE, "id"),
                ..col(LONG_COLUMN, SqlType::Integer)
            },
        ],
    )
};

/// The same table as [`LONG`], written by hand in schema `twin` with every name
/// left for PostgreSQL to choose.
const LONG_TWIN: &str = r#"
CREATE SCHEMA twin;
CREATE TABLE twin.accounts_with_a_deliberately_long_name_for_truncation_tests (
    id integer PRIMARY KEY,
    a_column_name_that_is_long_enough_to_be_shortened integer NOT NULL UNIQUE
        CHECK (a_column_name_that_is_long_enough_to_be_shortened > 0)
        REFERENCES twin.accounts_with_a_deliberately_long_name_for_truncation_tests (id)
);
CREATE INDEX ON twin.accounts_with_a_deliberately_long_name_for_truncation_tests
    (a_column_name_that_is_long_enough_to_be_shortened, id);
"#;

/// The names of `table`'s constraints and of its indexes, each sorted.
async fn catalog_names(db: &TestDb, schema: &str, table: &str) -> (Vec<String>, Vec<String>) {
    let client = db.pool().get().await.unwrap();
    let constraints = client
        .query(
            "SELECT c.conname::text FROM pg_constraint c \
             JOIN pg_class r ON r.oid = c.conrelid \
             JOIN pg_namespace n ON n.oid = r.relnamespace \
             WHERE n.nspname = $1 AND r.relname = $2 ORDER BY 1",
            &[&schema, &table],
        )
        .await
        .unwrap();
    let indexes = client
        .query(
            "SELECT indexname::text FROM pg_indexes \
             WHERE schemaname = $1 AND tablename = $2 ORDER BY 1",
            &[&schema, &table],
        )
        .await
        .unwrap();
    (constraints.iter().map(|row| row.get(0)).collect(), indexes.iter().map(|row| row.get(0)).collect())
}

#[tokio::test]
async fn the_whole_schema_applies_and_the_catalog_has_its_names() {
    let schema = schema(&[&BOOKS, &AUTHORS, &USERS, &TEAMS, &PLAYERS, &USES, &CODES, &ODD, &LONG]);
    let db = TestDb::with_schema(&create_sql(&schema)).await;

    let (constraints, indexes) = catalog_names(&db, "public", "users").await;
    assert_eq!(constraints, ["users_email_key", "users_invited_by_fkey", "users_pkey", "users_score_check"]);
    assert_eq!(
        indexes,
        [
            "users_by_seq",
            "users_email_key",
            "users_email_name_idx",
            "users_name_created_at_idx",
            "users_pkey",
            "users_tags_idx"
        ]
    );
    let (constraints, _) = catalog_names(&db, "public", "teams").await;
    assert_eq!(constraints, ["teams_captain_id_fkey", "teams_pkey"]);
    let (constraints, _) = catalog_names(&db, "public", "uses").await;
    assert_eq!(constraints, ["uses_code_fkey"]);
    let (constraints, indexes) = catalog_names(&db, "public", "odd\"table").await;
    assert_eq!(
        constraints,
        ["odd\"table_pkey", "odd\"table_self\"ref_fkey", "odd\"table_x\"y_check", "odd\"table_x\"y_key"]
    );
    assert_eq!(indexes, ["odd\"table_pkey", "odd\"table_self\"ref_idx", "odd\"table_x\"y_key"]);

    // Long names come out exactly as PostgreSQL shortens the names it picks itself.
    db.batch_execute(LONG_TWIN).await.unwrap();
    let ours = catalog_names(&db, "public", LONG_TABLE).await;
    let theirs = catalog_names(&db, "twin", LONG_TABLE).await;
    assert_eq!(ours, theirs);
    assert_eq!(ours.0.len(), 4);
    assert_eq!(ours.1.len(), 3);
}

#[tokio::test]
async fn literals_read_back_unchanged_whatever_standard_conforming_strings_is() {
    for setting in ["on", "off"] {
        let script =
            format!("SET standard_conforming_strings = {setting};\n{}", create_sql(&schema(&[&USERS])));
        let db = TestDb::with_schema(&script).await;
        let client = db.pool().get().await.unwrap();
        let labels: Vec<String> = client
            .query(
                "SELECT enumlabel::text FROM pg_enum \
                 WHERE enumtypid = 'user_role'::regtype ORDER BY enumsortorder",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(labels, ["admin", "member", "it's", r"back\slash"]);
        let row = client
            .query_one(
                "INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada') \
                 RETURNING role::text, tags, score, active, ratio, price::text, home, greeting",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, String>(0), "member");
        assert_eq!(row.get::<_, Vec<String>>(1), Vec::<String>::new());
        assert_eq!(row.get::<_, i32>(2), 0);
        assert!(row.get::<_, bool>(3));
        assert_eq!(row.get::<_, f64>(4), -1.5);
        assert_eq!(row.get::<_, String>(5), "9.99");
        assert_eq!(row.get::<_, String>(6), r"C:\temp\it's", "{setting}");
        assert_eq!(row.get::<_, String>(7), "grüße, 東京 🦀");
    }
}

#[tokio::test]
async fn a_literal_that_does_not_fit_its_type_is_refused_by_the_server() {
    let db = TestDb::new().await;
    let err = db.batch_execute(&create_sql(&schema(&[&SNEAKY]))).await.unwrap_err();
    assert!(format!("{err:?}").contains("invalid input syntax for type integer"), "{err:?}");
}
