//! `push`: the live database to the code's schema in one transaction, without a
//! migration file (development).

use std::collections::HashMap;

use orm_core::Schema;
use tokio_postgres::Client;

use super::args::Args;
use super::commands::{connect, print_steps};
use super::{EXIT_OK, EXIT_REFUSED, Failure, Output};
use crate::introspect::introspect_schema;
use crate::{Plan, Snapshot, create_sql, diff};

pub(crate) async fn push(schema: &Schema, args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let db = connect(args).await?;
    let client = db.pool().get().await.map_err(|e| Failure::new(format!("cannot get a connection: {e}")))?;
    let client: &Client = &client;
    let db_error = |e: tokio_postgres::Error| Failure::new(format!("{}", orm_core::Error::from(e)));
    let current: String = client.query_one("SELECT current_schema()", &[]).await.map_err(db_error)?.get(0);
    let mut live = introspect_schema(client, &current).await.map_err(db_error)?;
    let code = Snapshot::from_schema(schema);
    let scratch = as_the_server_prints_it(client, schema, &current).await?;
    spell_as_the_code(&mut live, &scratch, &code);
    let plan = diff(&live, &code);
    if plan.is_empty() {
        let _ = writeln!(io.out, "the database already matches the schema; nothing to do");
        return Ok(EXIT_OK);
    }
    let rows = row_counts(client, &plan).await.map_err(db_error)?;
    if let Err(refused) = plan.check_safety(args.allow_data_loss, &rows) {
        let _ = writeln!(io.err, "{refused}");
        return Ok(EXIT_REFUSED);
    }
    if args.dry_run {
        let _ = write!(io.out, "{}", plan.up_sql());
        return Ok(EXIT_OK);
    }
    let sql = format!("BEGIN;\n{}\nCOMMIT;", plan.up_sql());
    if let Err(e) = client.batch_execute(&sql).await {
        let _ = client.batch_execute("ROLLBACK").await;
        return Err(Failure::new(format!("push failed and was rolled back: {}", orm_core::Error::from(e))));
    }
    let _ = writeln!(io.out, "pushed {} step(s):", plan.steps().len());
    print_steps(&plan, io);
    Ok(EXIT_OK)
}

/// The code's schema as the server stores it: its DDL is run in a scratch
/// schema inside a transaction that is rolled back, and read back from the
/// catalog.
async fn as_the_server_prints_it(
    client: &Client,
    schema: &Schema,
    current: &str,
) -> Result<Snapshot, Failure> {
    let scratch = format!("orm_push_{}", std::process::id());
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
    result.map_err(|e| {
        Failure::new(format!("the schema's own DDL fails on this server: {}", orm_core::Error::from(e)))
    })
}

/// Where the live database stores an expression (default, check, index key or
/// predicate) exactly as the code's DDL stores it (`scratch`), the live snapshot
/// takes the code's spelling, so that the diff sees no change there; changed
/// objects are then written with the code's own text.
fn spell_as_the_code(live: &mut Snapshot, scratch: &Snapshot, code: &Snapshot) {
    for table in &mut live.tables {
        let (Some(server), Some(declared)) = (scratch.table(&table.name), code.table(&table.name)) else {
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

/// Row counts of the live tables that hazardous steps touch.
async fn row_counts(client: &Client, plan: &Plan) -> Result<HashMap<String, u64>, tokio_postgres::Error> {
    let mut rows = HashMap::new();
    for step in plan.steps().iter().filter(|s| s.hazard().is_some()) {
        let Some(table) = step.table() else { continue };
        if rows.contains_key(table) {
            continue;
        }
        let exists: bool =
            client.query_one("SELECT to_regclass(quote_ident($1)) IS NOT NULL", &[&table]).await?.get(0);
        if exists {
            let quoted = format!("\"{}\"", table.replace('"', "\"\""));
            let count: i64 = client.query_one(&format!("SELECT count(*) FROM {quoted}"), &[]).await?.get(0);
            rows.insert(table.to_owned(), count as u64);
        }
    }
    Ok(rows)
}
