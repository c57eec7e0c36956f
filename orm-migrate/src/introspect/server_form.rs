//! The live schema beside the code's, with expressions compared in the server's own
//! form: PostgreSQL stores a CHECK, default, index key or predicate rewritten (`IN`
//! as `= ANY (ARRAY[..])`, `BETWEEN` as `>= AND <=`, `LIKE` as `~~`, casts added or
//! dropped), so the code's text is sent through the server before it is compared.

use std::sync::atomic::{AtomicU64, Ordering};

use orm_core::Schema;
use tokio_postgres::Client;

use super::introspect_schema;
use crate::create_sql;
use crate::snapshot::Snapshot;

/// Where the live database (`live`, read from the current schema) stores an
/// expression exactly as the server stores the code's own DDL, `live` takes the
/// code's spelling (from `code`, the snapshot of `schema`), so that a diff sees no
/// change there; an expression the database really holds differently keeps the
/// server's text and shows up in the diff.
///
/// The code's DDL is run in a scratch schema inside a transaction that is rolled
/// back; an error means it could not run there (the role may not create schemas,
/// the server may be a read-only standby, or the DDL itself fails), and `live` is
/// left as it was.
pub(crate) async fn spell_as_the_code(
    client: &Client,
    schema: &Schema,
    code: &Snapshot,
    live: &mut Snapshot,
) -> Result<(), tokio_postgres::Error> {
    let server = as_the_server_prints_it(client, schema).await?;
    respell(live, &server, code);
    Ok(())
}

/// The code's schema as the server stores it: its DDL is run in a scratch
/// schema inside a transaction that is rolled back, and read back from the
/// catalog.
async fn as_the_server_prints_it(
    client: &Client,
    schema: &Schema,
) -> Result<Snapshot, tokio_postgres::Error> {
    // One name per call: two comparisons at once (two studio pages) do not wait
    // on each other's uncommitted schema.
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let scratch = format!("orm_scratch_{}_{}", std::process::id(), CALLS.fetch_add(1, Ordering::Relaxed));
    let current: String = client.query_one("SELECT current_schema()::text", &[]).await?.get(0);
    let setup = format!(
        "BEGIN; CREATE SCHEMA \"{scratch}\"; SET LOCAL search_path TO \"{scratch}\", \"{}\";\n{}",
        current.replace('"', "\"\""),
        create_sql(schema)
    );
    let read = async {
        client.batch_execute(&setup).await?;
        introspect_schema(client, &scratch).await
    };
    let result = read.await;
    let _ = client.batch_execute("ROLLBACK").await;
    result
}

/// `live` with the code's spelling wherever it matches the server's form of the
/// code (`server`).
fn respell(live: &mut Snapshot, server: &Snapshot, code: &Snapshot) {
    for table in &mut live.tables {
        let (Some(server), Some(declared)) = (server.table(&table.name), code.table(&table.name)) else {
            continue;
        };
        for column in &mut table.columns {
            let (Some(s), Some(c)) = (server.column(&column.name), declared.column(&column.name)) else {
                continue;
            };
            if column.default == s.default {
                column.default.clone_from(&c.default);
            }
        }
        for check in &mut table.checks {
            let s = server.checks.iter().find(|x| x.name == check.name);
            let c = declared.checks.iter().find(|x| x.name == check.name);
            if let (Some(s), Some(c)) = (s, c) {
                if s.expression == check.expression {
                    check.expression.clone_from(&c.expression);
                }
            }
        }
        for index in &mut table.indexes {
            let s = server.indexes.iter().find(|x| x.name == index.name);
            let c = declared.indexes.iter().find(|x| x.name == index.name);
            if let (Some(s), Some(c)) = (s, c) {
                if s.keys == index.keys && s.predicate == index.predicate {
                    index.keys.clone_from(&c.keys);
                    index.predicate.clone_from(&c.predicate);
                }
            }
        }
    }
}
