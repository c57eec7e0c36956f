//! The terminals of a prepared query: `all`, `one` and `execute`, given the parameters' values.

use tokio_postgres::Row;

use super::client::Executor;
use super::pipeline::Pipelined;
use super::run::{Want, run_prepared};
use crate::error::{Error, Result};
use crate::expr::Params;
use crate::query::Prepared;

impl<Q: Pipelined, P: Params> Prepared<Q, P> {
    async fn run<E: Executor>(&self, db: &E, values: &P::Values) -> Result<(Vec<Row>, u64)> {
        let want = if self.query().wants_rows() { Want::Rows } else { Want::Count };
        let mut rows = Vec::new();
        let changed = run_prepared(db, self.query(), self.sql(), &P::bind(values), want, &mut rows).await?;
        Ok((rows, changed))
    }
}

/// Prepared selects and writes with `returning()`: their rows.
impl<Q: Pipelined<Output = Vec<O>>, P: Params, O> Prepared<Q, P> {
    /// Runs the statement with these parameter values and returns every row.
    pub async fn all<E: Executor>(&self, db: &E, values: P::Values) -> Result<Vec<O>> {
        let (rows, changed) = self.run(db, &values).await?;
        self.query().decode(&rows, changed)
    }

    /// Runs the statement with these parameter values and returns its only row
    /// ([`Error::NotFound`] / [`Error::TooMany`] otherwise).
    pub async fn one<E: Executor>(&self, db: &E, values: P::Values) -> Result<O> {
        let (rows, changed) = self.run(db, &values).await?;
        match rows.len() {
            0 => Err(Error::NotFound),
            1 => Ok(self.query().decode(&rows, changed)?.remove(0)),
            count => Err(Error::TooMany { count }),
        }
    }
}

/// Prepared updates and deletes (with a filter): how many rows they changed.
impl<Q: Pipelined<Output = u64>, P: Params> Prepared<Q, P> {
    /// Runs the statement with these parameter values and returns how many rows it changed.
    pub async fn execute<E: Executor>(&self, db: &E, values: P::Values) -> Result<u64> {
        Ok(self.run(db, &values).await?.1)
    }
}
