//! Running a [`CopyIn`]: `COPY .. FROM STDIN (FORMAT binary)` per group of rows.

use std::pin::pin;

use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tracing::Instrument;

use super::client::{ClientRef, Executor};
use super::deadline::{cancel_at, within_timeout};
use super::unnamed;
use crate::error::Result;
use crate::query::{CopyIn, row_values};
use crate::render::{BindParam, SqlWriter};
use crate::table::Table;

impl<T: Table> CopyIn<T> {
    /// Loads the rows; returns how many were written. All of them or none: several
    /// `COPY`s (rows leaving different columns to the server) share one
    /// transaction (a savepoint inside the caller's). Through a transaction pooler
    /// every load runs in a transaction, which keeps the driver's named statements on
    /// one server session.
    ///
    /// ```no_run
    /// # use orm_core::{Db, Table, Result};
    /// # async fn demo<T: Table>(db: &Db, rows: Vec<T::New>) -> Result<()> {
    /// let loaded = T::copy_in(rows).execute(db).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64> {
        if self.rows.is_empty() {
            return Ok(0);
        }
        let width = T::meta().columns.iter().filter(|c| !c.identity).count();
        let values: Vec<Vec<BindParam<'_>>> = self.rows.iter().map(|row| row_values(row, width)).collect();
        // Rows that give the same columns go in one COPY, in first-seen order.
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for (at, row) in values.iter().enumerate() {
            match groups.iter_mut().find(|(first, _)| same_columns(&values[*first], row)) {
                Some((_, rows)) => rows.push(at),
                None => groups.push((at, vec![at])),
            }
        }
        within_timeout!(self.timeout, db => load::<T, _>(db, &values, &groups).await)
    }
}

/// Loads every group, each with its own `COPY`: all in one transaction when several,
/// or through a transaction pooler.
async fn load<T: Table, E: Executor>(
    db: &E,
    values: &[Vec<BindParam<'_>>],
    groups: &[(usize, Vec<usize>)],
) -> Result<u64> {
    let mut client = db.client().await?;
    if groups.len() == 1 && client.pooler().is_none() {
        return copy_group::<T>(&client, &values[0], values.iter()).await;
    }
    match copy_groups::<T>(&mut client, db.transaction_depth(), values, groups).await {
        // Through a transaction pooler, a connection that could not learn a type is
        // retired before any row is sent: the load moves to another connection.
        Err(err) if client.may_retry_elsewhere(&err) => {
            drop(client);
            copy_groups::<T>(&mut db.client().await?, db.transaction_depth(), values, groups).await
        }
        outcome => outcome,
    }
}

/// Every group's `COPY` in one transaction (a savepoint at `depth` > 0).
async fn copy_groups<T: Table>(
    client: &mut ClientRef<'_>,
    depth: u32,
    values: &[Vec<BindParam<'_>>],
    groups: &[(usize, Vec<usize>)],
) -> Result<u64> {
    client.begin_unit(depth, "BEGIN", "orm_atomic").await?;
    if client.pooler().is_some() {
        // The driver sends each COPY as a named statement.
        client.sends_named_statements();
    }
    let mut total = 0;
    for (first, rows) in groups {
        match copy_group::<T>(client, &values[*first], rows.iter().map(|&at| &values[at])).await {
            Ok(n) => total += n,
            Err(err) => {
                let _ = client.end_unit(false).await;
                return Err(err);
            }
        }
    }
    client.end_unit(true).await?;
    Ok(total)
}

/// Whether two rows leave the same columns to the server.
fn same_columns(a: &[BindParam<'_>], b: &[BindParam<'_>]) -> bool {
    a.iter().zip(b).all(|(a, b)| SqlWriter::is_default(*a) == SqlWriter::is_default(*b))
}

/// One `COPY` of `rows`, which all give the columns `first` gives, cancelled on the
/// server if the call's deadline passes.
async fn copy_group<'v, T: Table>(
    client: &ClientRef<'_>,
    first: &[BindParam<'_>],
    rows: impl Iterator<Item = &'v Vec<BindParam<'v>>> + Send,
) -> Result<u64> {
    let outcome = match client.deadline() {
        Some(deadline) => cancel_at(client, deadline, copy_rows::<T>(client, first, rows)).await,
        None => copy_rows::<T>(client, first, rows).await,
    };
    if outcome.is_err() {
        // Inside a transaction the failed COPY aborted it.
        if let Some(state) = client.session_state() {
            state.spoil();
        }
    }
    outcome
}

/// [`copy_group`]'s statements: the column types, then the `COPY`.
async fn copy_rows<'v, T: Table>(
    client: &ClientRef<'_>,
    first: &[BindParam<'_>],
    rows: impl Iterator<Item = &'v Vec<BindParam<'v>>>,
) -> Result<u64> {
    let meta = T::meta();
    let columns: Vec<&str> = meta
        .columns
        .iter()
        .filter(|c| !c.identity)
        .zip(first)
        .filter(|(_, value)| !SqlWriter::is_default(**value))
        .map(|(c, _)| c.name)
        .collect();
    let every_column = columns.len() == first.len();
    // The column types, enums included, as the server knows them.
    let mut probe = SqlWriter::new();
    probe.push_sql("SELECT ");
    push_list(&mut probe, &columns);
    probe.push_sql(" FROM ");
    probe.push_ident(meta.name);
    probe.push_sql(" LIMIT 0");
    let types: Vec<_> = match client.pooler() {
        Some(pooler) => unnamed::column_types(client, pooler, &probe.finish().0).await?.to_vec(),
        None => {
            let probe = client.prepare_cached(&probe.finish().0).await?;
            probe.columns().iter().map(|c| c.type_().clone()).collect()
        }
    };

    let mut copy = SqlWriter::new();
    copy.push_sql("COPY ");
    copy.push_ident(meta.name);
    copy.push_sql(" (");
    push_list(&mut copy, &columns);
    copy.push_sql(") FROM STDIN (FORMAT binary)");
    let sql = copy.finish().0;
    let span = tracing::debug_span!("orm.statement", sql = sql.as_str(), rows = tracing::field::Empty);
    let outcome = async {
        let sink = client.copy_in(&sql).await?;
        let mut writer = pin!(BinaryCopyInWriter::new(sink, &types));
        let mut present: Vec<BindParam<'_>> = Vec::with_capacity(columns.len());
        for row in rows {
            if every_column {
                writer.as_mut().write(row).await?;
            } else {
                present.clear();
                present.extend(row.iter().copied().filter(|value| !SqlWriter::is_default(*value)));
                writer.as_mut().write(&present).await?;
            }
        }
        writer.finish().await
    }
    .instrument(span.clone())
    .await;
    let n = outcome?;
    span.record("rows", n);
    Ok(n)
}

fn push_list(w: &mut SqlWriter<'_>, columns: &[&str]) {
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(column);
    }
}
