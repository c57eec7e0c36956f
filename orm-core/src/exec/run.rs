//! Sending rendered statements: prepared-statement cache, parameter limit, multi-part atomicity.

use std::pin::pin;
use std::time::Instant;

use futures_util::TryStreamExt;

use tokio_postgres::error::SqlState;
use tokio_postgres::{Row, RowStream};
use tracing::Instrument;

use super::client::{ClientRef, Executor};
use super::deadline::{cancel_at, within_timeout};
use super::session::SessionState;
use super::unnamed;
use crate::error::{Error, Result};
use crate::query::Statement;
use crate::render::{BindParam, MAX_BIND_PARAMS, SqlWriter};

/// Statements longer than this are prepared unnamed instead of cached: they are
/// large multi-row inserts whose text varies with the row count, and caching each
/// would grow every connection's statement cache without bound.
const MAX_CACHED_SQL_BYTES: usize = 16 * 1024;

/// What a statement should give back.
#[derive(Clone, Copy)]
pub(crate) enum Want {
    Rows,
    Count,
}

/// Where a statement's rows go, one by one as they arrive.
pub(crate) trait RowSink: Send {
    /// Takes the next row; an error stops reading the result.
    fn take(&mut self, row: Row) -> Result<()>;
}

impl RowSink for Vec<Row> {
    fn take(&mut self, row: Row) -> Result<()> {
        self.push(row);
        Ok(())
    }
}

/// Decodes each row as it arrives (while its bytes are still in cache), instead of
/// keeping every `Row` until the last one is in.
pub(crate) struct Decoding<O, F> {
    pub(crate) out: Vec<O>,
    decode: F,
}

impl<O: Send, F: FnMut(&Row) -> Result<O> + Send> RowSink for Decoding<O, F> {
    fn take(&mut self, row: Row) -> Result<()> {
        self.out.push((self.decode)(&row)?);
        Ok(())
    }
}

/// Runs the statement and decodes its rows as they arrive (all parts, in order).
pub(crate) async fn fetch_decoded<E: Executor + ?Sized, O: Send>(
    exec: &E,
    stmt: &(impl Statement + ?Sized),
    decode: impl FnMut(&Row) -> Result<O> + Send,
) -> Result<Vec<O>> {
    let mut sink = Decoding { out: Vec::new(), decode };
    run(exec, stmt, Want::Rows, &mut sink).await?;
    Ok(sink.out)
}

/// Runs one already rendered statement and decodes its rows as they arrive.
pub(crate) async fn fetch_rendered_decoded<E: Executor + ?Sized, O: Send>(
    exec: &E,
    w: SqlWriter<'_>,
    decode: impl FnMut(&Row) -> Result<O> + Send,
) -> Result<Vec<O>> {
    let mut sink = Decoding { out: Vec::new(), decode };
    send_rendered_on(exec, w, Want::Rows, &mut sink).await?;
    Ok(sink.out)
}

/// Runs the statement and collects its rows (all parts, in order).
pub(crate) async fn fetch_rows<E: Executor + ?Sized>(
    exec: &E,
    stmt: &(impl Statement + ?Sized),
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    run(exec, stmt, Want::Rows, &mut rows).await?;
    Ok(rows)
}

/// Runs the statement and returns the number of rows it affected (all parts).
pub(crate) async fn execute<E: Executor + ?Sized>(exec: &E, stmt: &(impl Statement + ?Sized)) -> Result<u64> {
    run(exec, stmt, Want::Count, &mut Vec::new()).await
}

/// Runs one already rendered statement and collects its rows.
pub(crate) async fn fetch_rendered<E: Executor + ?Sized>(exec: &E, w: SqlWriter<'_>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    send_rendered_on(exec, w, Want::Rows, &mut rows).await?;
    Ok(rows)
}

/// Runs a prepared query: its text is `sql`, its values are collected from `stmt`
/// with `slots` filling its parameters.
pub(crate) async fn run_prepared<E: Executor + ?Sized>(
    exec: &E,
    stmt: &(impl Statement + ?Sized),
    sql: &str,
    slots: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    stmt.validate()?;
    if stmt.parts() != 1 {
        return Err(Error::InvalidQuery(
            "a statement sent in several parts (a chunked insert_many) cannot be prepared",
        ));
    }
    let mut w = SqlWriter::values_only(slots, slots.len());
    stmt.render_part(0, &mut w);
    if let Some(why) = w.refusal() {
        return Err(Error::InvalidQuery(why));
    }
    let (_, params) = w.finish();
    let changed = within_timeout!(stmt.time_limit(), exec => send_on(exec, sql, &params, want, rows).await)?;
    stmt.check_changed(changed)?;
    Ok(changed)
}

async fn run<E: Executor + ?Sized>(
    exec: &E,
    stmt: &(impl Statement + ?Sized),
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let changed = within_timeout!(stmt.time_limit(), exec => run_parts(exec, stmt, want, rows).await)?;
    stmt.check_changed(changed)?;
    Ok(changed)
}

/// Sends every part of the statement: one on its own, several in one transaction.
async fn run_parts<E: Executor + ?Sized>(
    exec: &E,
    stmt: &(impl Statement + ?Sized),
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    stmt.validate()?;
    let parts = stmt.parts();
    if parts == 0 {
        return Ok(0);
    }
    if parts == 1 {
        let mut w = SqlWriter::new();
        stmt.render_part(0, &mut w);
        return send_rendered_on(exec, w, want, rows).await;
    }
    let mut client = exec.client().await?;
    // Several parts (a chunked insert_many) succeed or fail together.
    client.begin_unit(exec.transaction_depth(), "BEGIN", "orm_atomic").await?;
    let mut total = 0;
    for part in 0..parts {
        let mut w = SqlWriter::new();
        stmt.render_part(part, &mut w);
        match send_rendered(&client, w, want, rows).await {
            Ok(n) => total += n,
            Err(err) => {
                // The statement error is what the caller needs. Should the rollback
                // fail too, dropping `client` undoes the work another way.
                let _ = client.end_unit(false).await;
                return Err(err);
            }
        }
    }
    client.end_unit(true).await?;
    Ok(total)
}

/// [`send_rendered`] on a client of `exec`; see [`send_on`].
async fn send_rendered_on<E: Executor + ?Sized>(
    exec: &E,
    w: SqlWriter<'_>,
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let (sql, params) = sendable(w)?;
    send_on(exec, &sql, &params, want, rows).await
}

/// [`send`] on a client of `exec`; through a transaction pooler, once more on another
/// connection when the first could no longer look up a type the statement uses (it was
/// retired before anything was sent).
async fn send_on<E: Executor + ?Sized>(
    exec: &E,
    sql: &str,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let client = exec.statement_client().await?;
    match send(&client, sql, params, want, rows).await {
        Err(err) if client.may_retry_elsewhere(&err) => {
            drop(client);
            send(&exec.statement_client().await?, sql, params, want, rows).await
        }
        outcome => outcome,
    }
}

/// Sends one statement as written; see [`sendable`].
async fn send_rendered(
    client: &ClientRef<'_>,
    w: SqlWriter<'_>,
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let (sql, params) = sendable(w)?;
    send(client, &sql, &params, want, rows).await
}

/// The statement's text and values, unless something in it refused to be sent (a
/// prepared query's parameter used elsewhere, an invalid LIKE pattern).
pub(crate) fn sendable(w: SqlWriter<'_>) -> Result<(String, Vec<BindParam<'_>>)> {
    match w.refusal() {
        Some(why) => Err(Error::InvalidQuery(why)),
        None => Ok(w.finish()),
    }
}

/// Sends one statement inside a `orm.statement` tracing span recording its SQL text,
/// the rows it returned or changed, its duration and (when the pool opted in) its
/// bound values.
pub(crate) async fn send(
    client: &ClientRef<'_>,
    sql: &str,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    if params.len() > MAX_BIND_PARAMS {
        return Err(Error::TooManyParameters { count: params.len() });
    }
    // Inside a transaction, a statement that fails aborts it, and one whose future is
    // dropped mid-flight may or may not take effect: either way the transaction spoils.
    let in_flight = InFlight(client.session_state());
    // A transaction's deferred BEGIN goes out with its first statement.
    let begin = client.session_state().and_then(SessionState::take_begin);
    let outcome = if let Some(deadline) = client.deadline() {
        // Boxed, so that the timer and the cancel do not grow every statement's future.
        Box::pin(cancel_at(client, deadline, send_traced(client, begin, sql, params, want, rows))).await
    } else if tracing::level_enabled!(tracing::Level::DEBUG) {
        // Boxed, so that the span's bookkeeping does not grow every statement's future.
        Box::pin(send_traced(client, begin, sql, params, want, rows)).await
    } else {
        // Nobody listens: no span, no clock reads.
        send_after(client, begin, sql, params, want, rows).await
    };
    in_flight.landed(&outcome);
    outcome
}

/// [`send`] inside its `orm.statement` span.
async fn send_traced(
    client: &ClientRef<'_>,
    begin: Option<String>,
    sql: &str,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let span = tracing::debug_span!(
        "orm.statement",
        sql,
        rows = tracing::field::Empty,
        elapsed_us = tracing::field::Empty,
        params = tracing::field::Empty,
    );
    if span.is_disabled() {
        return send_after(client, begin, sql, params, want, rows).await;
    }
    if client.log_values() {
        span.record("params", tracing::field::debug(&params));
    }
    let started = Instant::now();
    let outcome = send_after(client, begin, sql, params, want, rows).instrument(span.clone()).await;
    span.record("elapsed_us", started.elapsed().as_micros() as u64);
    match &outcome {
        Ok(n) => {
            span.record("rows", n);
        }
        // The error's text holds no value; the pool that logs values gets the server's whole error.
        Err(err) => span.in_scope(|| match err.server_error().filter(|_| client.log_values()) {
            Some(server) => tracing::debug!(error = %err, server_error = %server, "statement failed"),
            None => tracing::debug!(error = %err, "statement failed"),
        }),
    }
    outcome
}

/// Spoils the enclosing transaction if dropped, i.e. if the statement never completed.
struct InFlight<'s>(Option<&'s SessionState>);

impl InFlight<'_> {
    /// The statement completed: a server error still spoils the transaction.
    fn landed(self, outcome: &Result<u64>) {
        if let (Err(err), Some(state)) = (outcome, self.0) {
            if err.is_server_error() {
                state.spoil();
            }
        }
        std::mem::forget(self);
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Some(state) = self.0 {
            state.spoil();
        }
    }
}

/// Sends `begin` (a deferred `BEGIN`) and the statement together, without waiting in between.
async fn send_after(
    client: &ClientRef<'_>,
    begin: Option<String>,
    sql: &str,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    let Some(begin) = begin else {
        return send_untraced(client, sql, params, want, rows).await;
    };
    // Polled in order: BEGIN is queued on the connection before the statement.
    let (begun, outcome) =
        tokio::join!(biased; client.batch_execute(&begin), send_untraced(client, sql, params, want, rows));
    begun?;
    outcome
}

async fn send_untraced(
    client: &ClientRef<'_>,
    sql: &str,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> Result<u64> {
    if let Some(types) = client.pooler() {
        // Through a transaction pooler: unnamed, in one round trip.
        let stream = unnamed::query(client, types, sql, params).await?;
        return drain(stream, want, rows).await.map_err(Failed::into_error);
    }
    if sql.len() > MAX_CACHED_SQL_BYTES {
        let statement = client.prepare(sql).await?;
        return run_statement(client, &statement, params, want, rows).await.map_err(Failed::into_error);
    }
    let statement = client.prepare_cached(sql).await?;
    match run_statement(client, &statement, params, want, rows).await {
        Err(Failed::Server(err)) if is_stale_plan(&err) => {
            // A table changed under the cached statement (ALTER TABLE .. TYPE): it failed
            // before doing anything. Outside a transaction, prepare it again and retry once.
            client.statement_cache.remove(sql, &[]);
            if client.in_block() {
                return Err(Error::StaleStatement { server: err });
            }
            let statement = client.prepare_cached(sql).await?;
            run_statement(client, &statement, params, want, rows).await.map_err(Failed::into_error)
        }
        outcome => outcome.map_err(Failed::into_error),
    }
}

/// Why [`run_statement`] failed: the server (or the connection), or the row sink.
enum Failed {
    Server(tokio_postgres::Error),
    Sink(Error),
}

impl Failed {
    fn into_error(self) -> Error {
        match self {
            Failed::Server(err) => err.into(),
            Failed::Sink(err) => err,
        }
    }
}

async fn run_statement(
    client: &ClientRef<'_>,
    statement: &tokio_postgres::Statement,
    params: &[BindParam<'_>],
    want: Want,
    rows: &mut dyn RowSink,
) -> std::result::Result<u64, Failed> {
    match want {
        Want::Rows => {
            let stream = client.query_raw(statement, params.iter().copied()).await.map_err(Failed::Server)?;
            drain(stream, want, rows).await
        }
        Want::Count => client.execute(statement, params).await.map_err(Failed::Server),
    }
}

/// Reads a statement's result: hands each row to `rows` ([`Want::Rows`], returning how
/// many there were) or skips them ([`Want::Count`], returning the rows changed).
async fn drain(stream: RowStream, want: Want, rows: &mut dyn RowSink) -> std::result::Result<u64, Failed> {
    let mut stream = pin!(stream);
    let mut count = 0;
    while let Some(row) = stream.try_next().await.map_err(Failed::Server)? {
        if let Want::Rows = want {
            rows.take(row).map_err(Failed::Sink)?;
        }
        count += 1;
    }
    Ok(match want {
        Want::Rows => count,
        Want::Count => stream.rows_affected().unwrap_or(count),
    })
}

/// PostgreSQL's refusal of a cached plan whose result type changed: SQLSTATE 0A000
/// from the plan cache's revalidation (told by the routine, which unlike the message
/// does not depend on the server's language).
fn is_stale_plan(err: &tokio_postgres::Error) -> bool {
    err.as_db_error().is_some_and(|db| {
        *db.code() == SqlState::FEATURE_NOT_SUPPORTED && db.routine() == Some("RevalidateCachedQuery")
    })
}
