//! RETURNING: an INSERT, UPDATE or DELETE that yields rows.

use std::time::Duration;

use super::Statement;
use super::selection::{Pick, Picked, Selection};
use crate::error::Result;
use crate::render::SqlWriter;

/// Statement `Q` followed by `RETURNING <C>`; run it with `.all(&db)`, `.one(&db)` or `.first(&db)`.
#[must_use = "a statement does nothing until it is run with `.all(&db)` or `.one(&db)`"]
pub struct Returning<Q, C> {
    statement: Q,
    selection: C,
    /// `.timeout(..)` given after `.returning()` (one given before stays on the statement).
    timeout: Option<Duration>,
}

impl<Q, C> Returning<Q, C> {
    pub(crate) fn new(statement: Q, selection: C) -> Self {
        Returning { statement, selection, timeout: None }
    }

    super::timeout_method!(timeout);

    /// Returns these columns instead: one column yields its type, a tuple yields a tuple.
    pub fn columns<P: Pick<Q::Table, I>, I>(self, columns: P) -> Returning<Q, Picked<P::Output>>
    where
        Q: TargetTable,
    {
        Returning { statement: self.statement, selection: Picked::new(columns), timeout: self.timeout }
    }
}

impl<Q: TargetTable, C: Selection<Q::Table>> Returning<Q, C> {
    /// Decodes one returned row.
    pub(crate) fn decode_row(&self, row: &tokio_postgres::Row) -> Result<C::Output> {
        self.selection.decode(row)
    }
}

impl<Q: Statement + TargetTable, C: Selection<Q::Table>> Statement for Returning<Q, C> {
    fn parts(&self) -> usize {
        self.statement.parts()
    }

    fn validate(&self) -> Result<()> {
        self.statement.validate()
    }

    fn check_changed(&self, changed: u64) -> Result<()> {
        self.statement.check_changed(changed)
    }

    fn time_limit(&self) -> Option<Duration> {
        self.timeout.or_else(|| self.statement.time_limit())
    }

    fn render_part<'a>(&'a self, part: usize, w: &mut SqlWriter<'a>) {
        self.statement.render_part(part, w);
        w.push_sql(" RETURNING ");
        self.selection.render_columns(w);
    }
}

/// The table a writing statement targets, which RETURNING reads from.
#[doc(hidden)]
pub trait TargetTable {
    /// The target table.
    type Table;
}
