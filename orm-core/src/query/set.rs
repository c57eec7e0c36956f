//! UNION / UNION ALL of selects with the same row type.

use std::sync::Arc;
use std::time::Duration;

use tokio_postgres::Row;

use super::Statement;
use super::select::Select;
use super::selection::Selection;
use super::source::Source;
use crate::error::{Error, Result};
use crate::render::SqlWriter;

/// `(a) UNION (b) UNION ALL (c) ..`: selects whose rows decode into `O`.
/// Run it with `.all(&db)`, `.one(&db)` or `.first(&db)`.
#[must_use = "a query does nothing until it is run with `.all(&db)`"]
pub struct Compound<O> {
    first: Box<dyn Statement>,
    rest: Vec<(&'static str, Box<dyn Statement>)>,
    /// Decodes a row with the first select's selection (every part has the same shape).
    decode: RowDecoder<O>,
    /// `.timeout(..)`, or the first select's.
    timeout: Option<Duration>,
}

/// Decodes one result row.
type RowDecoder<O> = Box<dyn Fn(&Row) -> Result<O> + Send + Sync>;

impl<O> Compound<O> {
    pub(crate) fn new<S: Source, C: Selection<S, Output = O> + 'static>(mut first: Select<S, C>) -> Self {
        let timeout = first.take_timeout();
        let first = Arc::new(first);
        let decoder = Arc::clone(&first);
        Compound {
            first: Box::new(SharedSelect(first)),
            rest: Vec::new(),
            decode: Box::new(move |row| decoder.decode_row(row)),
            timeout,
        }
    }

    super::timeout_method!(timeout);

    /// Decodes one result row.
    pub(crate) fn decode_row(&self, row: &Row) -> Result<O> {
        (self.decode)(row)
    }

    /// Adds `UNION (other)`: duplicates removed.
    pub fn union<S: Source, C: Selection<S, Output = O> + 'static>(mut self, other: Select<S, C>) -> Self {
        self.rest.push((" UNION ", Box::new(other)));
        self
    }

    /// Adds `UNION ALL (other)`: duplicates kept.
    pub fn union_all<S: Source, C: Selection<S, Output = O> + 'static>(
        mut self,
        other: Select<S, C>,
    ) -> Self {
        self.rest.push((" UNION ALL ", Box::new(other)));
        self
    }
}

/// A select shared between a compound's statement list and its decoder.
struct SharedSelect<S, C>(Arc<Select<S, C>>);

impl<S: Source, C: Selection<S>> Statement for SharedSelect<S, C> {
    fn validate(&self) -> Result<()> {
        self.0.validate()
    }

    fn locks_rows(&self) -> bool {
        self.0.locks_rows()
    }

    fn render_part<'a>(&'a self, part: usize, w: &mut SqlWriter<'a>) {
        self.0.render_part(part, w);
    }
}

impl<O> Statement for Compound<O> {
    fn time_limit(&self) -> Option<Duration> {
        self.timeout
    }

    fn validate(&self) -> Result<()> {
        self.first.validate()?;
        self.rest.iter().try_for_each(|(_, select)| select.validate())?;
        if self.first.locks_rows() || self.rest.iter().any(|(_, select)| select.locks_rows()) {
            return Err(Error::InvalidQuery("row locks cannot apply to the parts of a UNION"));
        }
        Ok(())
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        w.push_sql("(");
        self.first.render_part(0, w);
        w.push_sql(")");
        for (operator, select) in &self.rest {
            w.push_sql(operator);
            w.push_sql("(");
            select.render_part(0, w);
            w.push_sql(")");
        }
    }
}
