//! `push`: the live database to the code's schema in one transaction, without a
//! migration file (development).

use std::collections::HashMap;

use orm_core::Schema;
use tokio_postgres::Client;

use super::args::Args;
use super::commands::{connect, print_steps};
use super::{EXIT_OK, EXIT_REFUSED, Failure, Output};
use crate::introspect::{introspect_current, spell_as_the_code};
use crate::{Plan, Snapshot, diff};

pub(crate) async fn push(schema: &Schema, args: &Args, io: &mut Output<'_>) -> Result<u8, Failure> {
    let db = connect(args, io).await?;
    let client = db.pool().get().await.map_err(|e| Failure::new(format!("cannot get a connection: {e}")))?;
    let client: &Client = &client;
    let db_error = |e: tokio_postgres::Error| Failure::new(format!("{}", orm_core::Error::from(e)));
    let mut live = introspect_current(client).await.map_err(db_error)?;
    let code = Snapshot::from_schema(schema);
    spell_as_the_code(client, schema, &code, &mut live).await.map_err(|e| {
        Failure::new(format!("the schema's own DDL fails on this server: {}", orm_core::Error::from(e)))
    })?;
    if let Some(ambiguous) = ambiguous_rename(&live, &code) {
        let _ = writeln!(io.err, "{ambiguous}");
        return Ok(EXIT_REFUSED);
    }
    let plan = diff(&live, &code);
    if plan.is_empty() {
        let _ = writeln!(io.out, "the database already matches the schema; nothing to do");
        return Ok(EXIT_OK);
    }
    let rows = row_counts(client, &plan).await.map_err(db_error)?;
    let touched = |step: &crate::Step| {
        let at = plan.steps().iter().position(|s| std::ptr::eq(s, step))?;
        rows.get(&at).copied()
    };
    if let Err(refused) = plan.check_safety(args.allow_data_loss, touched) {
        let _ = writeln!(io.err, "{refused}");
        return Ok(EXIT_REFUSED);
    }
    if args.dry_run {
        let _ = write!(io.out, "{}", plan.up_sql());
        return Ok(EXIT_OK);
    }
    // New enum values are committed first: nothing can use them before that.
    let (values, rest): (Vec<&crate::Step>, Vec<&crate::Step>) =
        plan.steps().iter().partition(|s| matches!(s.change, crate::diff::Change::AddEnumValue { .. }));
    for part in [values, rest] {
        if part.is_empty() {
            continue;
        }
        let statements: String = part.iter().map(|s| s.sql()).collect();
        if let Err(e) = client.batch_execute(&format!("BEGIN;\n{statements}\nCOMMIT;")).await {
            let _ = client.batch_execute("ROLLBACK").await;
            return Err(Failure::new(format!(
                "push failed and was rolled back: {}",
                orm_core::Error::from(e)
            )));
        }
    }
    let _ = writeln!(io.out, "pushed {} step(s):", plan.steps().len());
    print_steps(&plan, io);
    Ok(EXIT_OK)
}

/// A `renamed_from` hint whose old and new names both exist in the database:
/// the catalog keeps no history, so `push` cannot tell whether the rename (or a
/// swap) already happened, and refuses rather than guess.
fn ambiguous_rename(live: &Snapshot, code: &Snapshot) -> Option<String> {
    let advice = "push cannot tell whether it already happened: remove the hint, or use generate and migrate";
    for table in &code.tables {
        if let Some(old) = &table.renamed_from {
            if live.table(old).is_some() && live.table(&table.name).is_some() {
                return Some(format!(
                    "refused: tables {old:?} and {:?} both exist, and {:?} says renamed_from = {old:?}; {advice}",
                    table.name, table.name
                ));
            }
        }
        let Some(live_table) = live.table(&table.name) else { continue };
        for column in &table.columns {
            let Some(old) = &column.renamed_from else { continue };
            if live_table.column(old).is_some() && live_table.column(&column.name).is_some() {
                return Some(format!(
                    "refused: columns {:?}.{old:?} and {:?}.{:?} both exist, and {:?} says renamed_from = {old:?}; {advice}",
                    table.name, table.name, column.name, column.name
                ));
            }
        }
    }
    None
}

/// For each hazardous step (by position), the live rows it touches: the rows
/// of its table, or for making a column NOT NULL the rows holding NULL.
async fn row_counts(client: &Client, plan: &Plan) -> Result<HashMap<usize, u64>, tokio_postgres::Error> {
    let mut rows = HashMap::new();
    for (at, step) in plan.steps().iter().enumerate().filter(|(_, s)| s.hazard().is_some()) {
        let Some(table) = step.table() else { continue };
        let exists: bool =
            client.query_one("SELECT to_regclass(quote_ident($1)) IS NOT NULL", &[&table]).await?.get(0);
        if !exists {
            continue;
        }
        let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        let sql = match &step.change {
            crate::diff::Change::SetNotNull { column, .. } => {
                format!("SELECT count(*) FROM {} WHERE {} IS NULL", quote(table), quote(column))
            }
            _ => format!("SELECT count(*) FROM {}", quote(table)),
        };
        let count: i64 = client.query_one(&sql, &[]).await?.get(0);
        rows.insert(at, count as u64);
    }
    Ok(rows)
}
