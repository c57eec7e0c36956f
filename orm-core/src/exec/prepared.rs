//! The terminals of a prepared query: `all`, `one` and `execute`, given the parameters' values.

use tokio_postgres::Row;

use super::client::Executor;
use super::run::{Want, run_prepared};
use crate::error::{Error, Result};
use crate::expr::Params;
use crate::query::{Delete, FilterGiven, Prepared, Returning, Select, Selection, Source, Statement, Update};
use crate::table::Table;

impl<Q: Statement, P: Params> Prepared<Q, P> {
    async fn rows<E: Executor>(&self, db: &E, values: &P::Values) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        run_prepared(db, self.query(), self.sql(), &P::bind(values), Want::Rows, &mut rows).await?;
        Ok(rows)
    }

    async fn count<E: Executor>(&self, db: &E, values: &P::Values) -> Result<u64> {
        run_prepared(db, self.query(), self.sql(), &P::bind(values), Want::Count, &mut Vec::new()).await
    }
}

/// The only row: [`Error::NotFound`] / [`Error::TooMany`] otherwise.
fn only(rows: &[Row]) -> Result<&Row> {
    match rows {
        [] => Err(Error::NotFound),
        [row] => Ok(row),
        more => Err(Error::TooMany { count: more.len() }),
    }
}

impl<S: Source, C: Selection<S>, P: Params> Prepared<Select<S, C>, P> {
    /// Runs the query with these parameter values and returns every row.
    pub async fn all<E: Executor>(&self, db: &E, values: P::Values) -> Result<Vec<C::Output>> {
        let rows = self.rows(db, &values).await?;
        rows.iter().map(|row| self.query().decode_row(row)).collect()
    }

    /// Runs the query with these parameter values and returns its only row
    /// ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(&self, db: &E, values: P::Values) -> Result<C::Output> {
        let rows = self.rows(db, &values).await?;
        self.query().decode_row(only(&rows)?)
    }
}

impl<Q, C, P> Prepared<Returning<Q, C>, P>
where
    Returning<Q, C>: Statement,
    Q: crate::query::TargetTable,
    C: Selection<Q::Table>,
    P: Params,
{
    /// Runs the statement with these parameter values and returns every row it wrote.
    pub async fn all<E: Executor>(&self, db: &E, values: P::Values) -> Result<Vec<C::Output>> {
        let rows = self.rows(db, &values).await?;
        rows.iter().map(|row| self.query().decode_row(row)).collect()
    }

    /// Runs the statement with these parameter values and returns its only row
    /// ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(&self, db: &E, values: P::Values) -> Result<C::Output> {
        let rows = self.rows(db, &values).await?;
        self.query().decode_row(only(&rows)?)
    }
}

impl<T: Table, F: FilterGiven, P: Params> Prepared<Update<T, F>, P> {
    /// Runs the update with these parameter values and returns how many rows changed.
    pub async fn execute<E: Executor>(&self, db: &E, values: P::Values) -> Result<u64> {
        self.count(db, &values).await
    }
}

impl<T: Table, F: FilterGiven, P: Params> Prepared<Delete<T, F>, P> {
    /// Runs the delete with these parameter values and returns how many rows were removed.
    pub async fn execute<E: Executor>(&self, db: &E, values: P::Values) -> Result<u64> {
        self.count(db, &values).await
    }
}
