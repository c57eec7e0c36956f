//! The terminals that run a statement: `all`, `one`, `first`, `count`, `execute`.

use tokio_postgres::Row;

use super::client::Executor;
use super::deadline::within_timeout;
use super::reset::ChangesSession;
use super::run::{execute, fetch_decoded, fetch_rendered, fetch_rows};
use crate::error::{Error, Result};
use crate::query::{
    Compound, Delete, FilterGiven, Insert, Returning, Select, Selection, Source, Statement, Update, Upsert,
};
use crate::render::SqlWriter;
use crate::row::{FromRow, check_shape};
use crate::table::Table;

fn decode_all<O: FromRow>(rows: &[Row]) -> Result<Vec<O>> {
    decode_each(rows, |row| O::from_row_at(row, 0))
}

/// Every row decoded, into a vector allocated once (collecting `Result`s would grow it
/// step by step: their iterator cannot tell its length).
pub(crate) fn decode_each<O>(rows: &[Row], decode: impl Fn(&Row) -> Result<O>) -> Result<Vec<O>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(decode(row)?);
    }
    Ok(out)
}

/// Raw SQL rows, after checking that they have the shape `T` decodes.
fn checked_rows<T: FromRow>(rows: Vec<Row>) -> Result<Vec<Row>> {
    if let Some(first) = rows.first() {
        check_shape::<T>(first)?;
    }
    Ok(rows)
}

fn exactly_one<O: FromRow>(rows: &[Row]) -> Result<O> {
    only_row(rows, |row| O::from_row_at(row, 0))
}

/// The only row, decoded: [`Error::NotFound`] / [`Error::TooMany`] otherwise.
fn only_row<O>(rows: &[Row], decode: impl Fn(&Row) -> Result<O>) -> Result<O> {
    match rows {
        [] => Err(Error::NotFound),
        [row] => decode(row),
        more => Err(Error::TooMany { count: more.len() }),
    }
}

impl<S: Source, C: Selection<S>> Select<S, C> {
    /// Runs the query and returns every row.
    pub async fn all<E: Executor>(self, db: &E) -> Result<Vec<C::Output>> {
        fetch_decoded(db, &self, |row| self.decode_row(row)).await
    }

    /// Runs the query and returns its only row: [`Error::NotFound`] when there is
    /// none, [`Error::TooMany`] when there are several.
    pub async fn one<E: Executor>(self, db: &E) -> Result<C::Output> {
        let rows = fetch_rows(db, &self).await?;
        only_row(&rows, |row| self.decode_row(row))
    }

    /// Runs the query with `LIMIT 1` and returns the first row, if any.
    pub async fn first<E: Executor>(self, db: &E) -> Result<Option<C::Output>> {
        let query = self.limit_one();
        let rows = fetch_rows(db, &query).await?;
        rows.first().map(|row| query.decode_row(row)).transpose()
    }

    /// Counts the rows the query would return (`SELECT count(*)`).
    pub async fn count<E: Executor>(self, db: &E) -> Result<u64> {
        self.validate()?;
        let mut w = SqlWriter::new();
        self.render_count(&mut w);
        let rows = within_timeout!(self.time_limit(), db => fetch_rendered(db, w).await)?;
        let count: i64 = exactly_one(&rows)?;
        Ok(count.max(0) as u64)
    }
}

impl<Q, C> Returning<Q, C>
where
    Self: Statement,
    Q: crate::query::TargetTable,
    C: Selection<Q::Table>,
{
    /// Runs the statement and returns every row it wrote.
    pub async fn all<E: Executor>(self, db: &E) -> Result<Vec<C::Output>> {
        fetch_decoded(db, &self, |row| self.decode_row(row)).await
    }

    /// Runs the statement and returns its only row ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(self, db: &E) -> Result<C::Output> {
        let rows = fetch_rows(db, &self).await?;
        only_row(&rows, |row| self.decode_row(row))
    }

    /// Runs the statement and returns the first row it wrote, if any.
    pub async fn first<E: Executor>(self, db: &E) -> Result<Option<C::Output>> {
        let rows = fetch_rows(db, &self).await?;
        rows.first().map(|row| self.decode_row(row)).transpose()
    }
}

impl<T: Table> Insert<T> {
    /// Runs the insert and returns how many rows were inserted.
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64> {
        execute(db, &self).await
    }
}

impl<T: Table> Upsert<T> {
    /// Runs the upsert and returns how many rows were inserted or updated.
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64> {
        execute(db, &self).await
    }
}

impl<T: Table, F> Update<T, F> {
    /// Runs the update and returns how many rows changed. Needs `.filter(..)` or `.all_rows()` first.
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64>
    where
        F: FilterGiven,
    {
        execute(db, &self).await
    }
}

impl<T: Table, F> Delete<T, F> {
    /// Runs the delete and returns how many rows were removed. Needs `.filter(..)` or `.all_rows()` first.
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64>
    where
        F: FilterGiven,
    {
        execute(db, &self).await
    }
}

/// Raw SQL may change the session it runs on (`SET`, `LISTEN`, a temporary table, ..):
/// it runs on a client marked so, which the pool resets before its next caller.
impl crate::raw::Sql {
    /// Runs the statement and decodes every row into `T` (a derived table, a column
    /// type, or a tuple of column types), by position; the result's columns must match
    /// `T` in number (and, for a table, in name).
    pub async fn fetch_all<T: FromRow, E: Executor>(self, db: &E) -> Result<Vec<T>> {
        decode_all(&checked_rows::<T>(fetch_rows(&ChangesSession(db), &self).await?)?)
    }

    /// Runs the statement and decodes its only row: [`Error::NotFound`] when there is
    /// none, [`Error::TooMany`] when there are several.
    pub async fn fetch_one<T: FromRow, E: Executor>(self, db: &E) -> Result<T> {
        exactly_one(&checked_rows::<T>(fetch_rows(&ChangesSession(db), &self).await?)?)
    }

    /// Runs the statement and decodes its row, if any ([`Error::TooMany`] for several).
    pub async fn fetch_optional<T: FromRow, E: Executor>(self, db: &E) -> Result<Option<T>> {
        match checked_rows::<T>(fetch_rows(&ChangesSession(db), &self).await?)?.as_slice() {
            [] => Ok(None),
            [row] => T::from_row_at(row, 0).map(Some),
            more => Err(Error::TooMany { count: more.len() }),
        }
    }

    /// Runs the statement and returns how many rows it changed.
    pub async fn execute<E: Executor>(self, db: &E) -> Result<u64> {
        execute(&ChangesSession(db), &self).await
    }
}

impl<O: Send> Compound<O> {
    /// Runs the query and returns every row.
    pub async fn all<E: Executor>(self, db: &E) -> Result<Vec<O>> {
        fetch_decoded(db, &self, |row| self.decode_row(row)).await
    }

    /// Runs the query and returns its only row ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(self, db: &E) -> Result<O> {
        let rows = fetch_rows(db, &self).await?;
        only_row(&rows, |row| self.decode_row(row))
    }
}
