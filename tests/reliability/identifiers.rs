//! Scenario 1: table and column names holding quotes, NUL, `;`, `$1`, non-ASCII text and
//! more than 63 bytes. Valid names round-trip exactly through the catalog; NUL and
//! over-long names are refused with a typed error when the schema is checked (the derive
//! refuses them at compile time, see tests/ui); quoting is injective.

use orm::Executor;
use orm::render::SqlWriter;
use orm::schema::{ColumnMeta, SqlType, TableMeta};
use orm::testing::TestDb;
use orm_migrate::{SchemaProblem, check_schema, create_sql};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::{runtime, scaled};

/// Names built from the pieces that break naive quoting: mostly valid ones, some with a
/// NUL, some over 63 bytes.
fn name() -> impl Strategy<Value = String> {
    let piece = || {
        prop::sample::select(vec!["\"", "'", ";", "$1", " ", "é", "日本", "\u{1F600}", "a", "Z", "_", "--"])
    };
    let valid = proptest::collection::vec(piece(), 1..12).prop_map(|pieces| pieces.concat());
    prop_oneof![
        8 => valid.clone(),
        1 => (valid.clone(), valid).prop_map(|(a, b)| format!("{a}\0{b}")),
        1 => proptest::collection::vec(piece(), 25..40).prop_map(|pieces| pieces.concat()),
    ]
}

fn leak(name: &str) -> &'static str {
    Box::leak(name.to_owned().into_boxed_str())
}

fn column(name: &'static str, primary_key: bool) -> ColumnMeta {
    ColumnMeta {
        name,
        field: "field",
        sql_type: SqlType::Integer,
        nullable: !primary_key,
        default: None,
        primary_key,
        unique: false,
        identity: false,
        references: None,
        check: None,
        renamed_from: None,
        audit: None,
    }
}

/// A one-table schema with these names, built at run time.
fn table(table: &str, key: &str, other: &str) -> &'static TableMeta {
    let columns: &'static [ColumnMeta] =
        Box::leak(Box::new([column(leak(key), true), column(leak(other), false)]));
    Box::leak(Box::new(TableMeta {
        name: leak(table),
        struct_name: "Dynamic",
        columns,
        primary_key: Box::leak(Box::new([leak(key)])),
        indexes: &[],
        renamed_from: None,
        soft_delete: None,
        hooks: &[],
    }))
}

/// What the schema check must say about `name`, if anything.
fn problem_of(name: &str) -> Option<SchemaProblem> {
    if name.contains('\0') {
        Some(SchemaProblem::NameContainsNul)
    } else if name.len() > 63 {
        Some(SchemaProblem::NameTooLong { bytes: name.len() })
    } else {
        None
    }
}

#[test]
fn valid_names_round_trip_through_the_catalog_and_invalid_ones_are_refused() {
    let rt = runtime();
    let db = rt.block_on(TestDb::new());
    let mut runner = TestRunner::new(Config { cases: scaled(128, 4_000) as u32, ..Config::default() });
    let names = (name(), name(), name()).prop_filter("two columns of one name", |(_, k, o)| k != o);
    let created = std::cell::Cell::new(0);
    runner
        .run(&names, |(table_name, key, other)| {
            let mut schema = orm::Schema::new();
            schema.add_table(table(&table_name, &key, &other));
            let expected: Vec<SchemaProblem> =
                [&table_name, &key, &other].into_iter().filter_map(|n| problem_of(n)).collect();
            match check_schema(&schema) {
                Ok(()) => assert!(expected.is_empty(), "{expected:?} went unnoticed"),
                Err(errors) => {
                    let found: Vec<SchemaProblem> = errors.iter().map(|e| e.problem.clone()).collect();
                    for problem in &expected {
                        assert!(found.contains(problem), "{problem:?} not among {found:?}");
                    }
                    assert!(!expected.is_empty(), "valid names refused: {found:?}");
                    return Ok(());
                }
            }
            rt.block_on(async {
                db.batch_execute(&create_sql(&schema)).await.unwrap();
                let stored: Vec<String> = orm::sql!(
                    "SELECT attname::text FROM pg_attribute WHERE attrelid = (SELECT oid FROM pg_class \
                     WHERE relname = {} AND relkind = 'r') AND attnum > 0 ORDER BY attnum",
                    table_name.clone()
                )
                .fetch_all(db.db())
                .await
                .unwrap();
                assert_eq!(stored, [key.clone(), other.clone()], "the catalog holds the names exactly");
                let mut drop = SqlWriter::new();
                drop.push_sql("DROP TABLE ");
                drop.push_ident(&table_name);
                db.batch_execute(drop.sql()).await.unwrap();
            });
            created.set(created.get() + 1);
            Ok(())
        })
        .unwrap();
    assert!(created.get() * 4 >= runner.config().cases, "most cases reach the catalog: {}", created.get());
}

#[test]
fn quoting_is_injective() {
    let quoted = |name: &str| {
        let mut w = SqlWriter::new();
        w.push_ident(name);
        w.finish().0
    };
    let mut runner = TestRunner::new(Config { cases: scaled(2_000, 100_000) as u32, ..Config::default() });
    runner
        .run(&(name(), name()), |(a, b)| {
            prop_assert_eq!(a == b, quoted(&a) == quoted(&b), "{:?} and {:?}", a, b);
            Ok(())
        })
        .unwrap();
}
