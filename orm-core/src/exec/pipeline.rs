//! `Executor::pipeline`: independent statements sent together on one connection.

use std::future::Future;
use std::time::Duration;

use tokio_postgres::Row;

use super::client::{ClientRef, Executor};
use super::deadline::{cancel_at, within_timeout};
use super::run::{Want, send, sendable};
use super::terminals::decode_each;
use super::unnamed;
use crate::error::{Error, Result};
use crate::query::{
    Delete, FilterGiven, Insert, Returning, Select, Selection, Source, Statement, TargetTable, Update, Upsert,
};
use crate::render::{BindParam, SqlWriter};
use crate::table::Table;

/// A statement that can run in a [`pipeline`](Executor::pipeline), with what it gives back:
/// a select or a `returning()` its rows, an insert, update or delete the rows it changed.
pub trait Pipelined: Statement {
    /// What the statement gives back.
    type Output: Send;

    /// Whether the statement's rows are wanted (or only how many it changed).
    #[doc(hidden)]
    fn wants_rows(&self) -> bool;

    /// Decodes what the statement gave back.
    #[doc(hidden)]
    fn decode(&self, rows: &[Row], changed: u64) -> Result<Self::Output>;
}

impl<S: Source, C: Selection<S>> Pipelined for Select<S, C> {
    type Output = Vec<C::Output>;

    fn wants_rows(&self) -> bool {
        true
    }

    fn decode(&self, rows: &[Row], _: u64) -> Result<Self::Output> {
        decode_each(rows, |row| self.decode_row(row))
    }
}

impl<Q, C> Pipelined for Returning<Q, C>
where
    Self: Statement,
    Q: TargetTable,
    C: Selection<Q::Table>,
{
    type Output = Vec<C::Output>;

    fn wants_rows(&self) -> bool {
        true
    }

    fn decode(&self, rows: &[Row], _: u64) -> Result<Self::Output> {
        decode_each(rows, |row| self.decode_row(row))
    }
}

/// The statements that give back how many rows they changed.
macro_rules! counted {
    ($(impl<$($param:ident $(: $bound:path)?),*> for $ty:ty;)+) => {$(
        impl<$($param $(: $bound)?),*> Pipelined for $ty {
            type Output = u64;

            fn wants_rows(&self) -> bool {
                false
            }

            fn decode(&self, _: &[Row], changed: u64) -> Result<u64> {
                Ok(changed)
            }
        }
    )+};
}

counted! {
    impl<T: Table> for Insert<T>;
    impl<T: Table> for Upsert<T>;
    impl<T: Table, F: FilterGiven> for Update<T, F>;
    impl<T: Table, F: FilterGiven> for Delete<T, F>;
}

/// A tuple of [`Pipelined`] statements (up to 8), run by [`Executor::pipeline`].
pub trait Pipeline: Send + Sync {
    /// The outputs, in the same order.
    type Output: Send;

    /// The shortest `.timeout(..)` of the statements: the whole batch's time limit.
    #[doc(hidden)]
    fn time_limit(&self) -> Option<Duration> {
        None
    }

    /// Sends every statement on `client` without waiting between them.
    #[doc(hidden)]
    fn run<'c>(&'c self, client: &'c ClientRef<'_>)
    -> impl Future<Output = Result<Self::Output>> + Send + 'c;
}

/// One statement of a pipeline, rendered: its text and values.
struct Rendered<'s> {
    sql: String,
    params: Vec<BindParam<'s>>,
}

/// Renders one statement of a pipeline, or says why it cannot join one.
fn render<T: Pipelined + ?Sized>(stmt: &T) -> Result<Rendered<'_>> {
    stmt.validate()?;
    if stmt.parts() != 1 {
        return Err(Error::InvalidQuery(
            "a statement sent in several parts (a chunked insert_many) cannot join a pipeline; run it on its own",
        ));
    }
    let mut w = SqlWriter::new();
    stmt.render_part(0, &mut w);
    let (sql, params) = sendable(w)?;
    Ok(Rendered { sql, params })
}

/// Through a transaction pooler, learns the parameter types of the statements the pool
/// does not know yet, before any is sent (so that they still travel together); returns
/// the script that ends the learning, to send ahead of them.
async fn learn(client: &ClientRef<'_>, rendered: &[&Result<Rendered<'_>>]) -> Result<Option<&'static str>> {
    let Some(types) = client.pooler() else {
        return Ok(None);
    };
    let sqls: Vec<&str> = rendered.iter().filter_map(|r| r.as_ref().ok()).map(|r| r.sql.as_str()).collect();
    let learning = unnamed::learn_all(client, types, &sqls);
    match client.deadline() {
        // The learning is the pipeline's first round trips: the batch's timeout bounds it too.
        Some(deadline) => cancel_at(client, deadline, learning).await,
        None => learning.await,
    }
}

/// Sends the script that ends a learning, if any.
async fn end_learning(client: &ClientRef<'_>, close: Option<&'static str>) -> Result<()> {
    match close {
        Some(close) => unnamed::end_learning(client, close).await,
        None => Ok(()),
    }
}

/// Sends one rendered statement of a pipeline, then decodes what it gave back.
async fn one<T: Pipelined + ?Sized>(
    client: &ClientRef<'_>,
    stmt: &T,
    rendered: Result<Rendered<'_>>,
) -> Result<T::Output> {
    let Rendered { sql, params } = rendered?;
    let want = if stmt.wants_rows() { Want::Rows } else { Want::Count };
    let mut rows = Vec::new();
    let changed = send(client, &sql, &params, want, &mut rows).await?;
    stmt.check_changed(changed)?;
    stmt.decode(&rows, changed)
}

macro_rules! tuple_pipeline {
    ($($name:ident $index:tt),+) => {
        impl<$($name: Pipelined),+> Pipeline for ($($name,)+) {
            type Output = ($($name::Output,)+);

            fn time_limit(&self) -> Option<Duration> {
                [$(self.$index.time_limit()),+].into_iter().flatten().min()
            }

            #[allow(non_snake_case)]
            fn run<'c>(&'c self, client: &'c ClientRef<'_>) -> impl Future<Output = Result<Self::Output>> + Send + 'c {
                async move {
                    let ($($name,)+) = ($(render(&self.$index),)+);
                    let close = learn(client, &[$(&$name),+]).await?;
                    // Polled together: every request is queued on the connection before the
                    // first reply is awaited, so they travel in one round trip.
                    let (closed, $($name,)+) =
                        tokio::join!(biased; end_learning(client, close), $(one(client, &self.$index, $name)),+);
                    closed?;
                    Ok(($($name?,)+))
                }
            }
        }
    };
}

tuple_pipeline!(A 0);
tuple_pipeline!(A 0, B 1);
tuple_pipeline!(A 0, B 1, C 2);
tuple_pipeline!(A 0, B 1, C 2, D 3);
tuple_pipeline!(A 0, B 1, C 2, D 3, E 4);
tuple_pipeline!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_pipeline!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_pipeline!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// Runs a pipeline on the executor's connection.
pub(crate) async fn run_pipeline<E: Executor + ?Sized, P: Pipeline>(exec: &E, batch: P) -> Result<P::Output> {
    within_timeout!(batch.time_limit(), exec => run_on_client(exec, &batch).await)
}

/// Runs a pipeline on a client of the executor's.
async fn run_on_client<E: Executor + ?Sized, P: Pipeline>(exec: &E, batch: &P) -> Result<P::Output> {
    let client = exec.statement_client().await?;
    match batch.run(&client).await {
        // Through a transaction pooler, a connection that could not learn a type is
        // retired before anything is sent: the pipeline moves to another connection.
        Err(err) if client.may_retry_elsewhere(&err) => {
            drop(client);
            batch.run(&exec.statement_client().await?).await
        }
        outcome => outcome,
    }
}
