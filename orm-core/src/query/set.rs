//! UNION / UNION ALL of selects with the same row type.

use std::marker::PhantomData;

use super::Statement;
use super::select::Select;
use super::selection::Selection;
use crate::error::{Error, Result};
use crate::render::SqlWriter;
use crate::table::Table;

/// `(a) UNION (b) UNION ALL (c) ..`: selects whose rows decode into `O`.
/// Run it with `.all(&db)`, `.one(&db)` or `.first(&db)`.
#[must_use = "a query does nothing until it is run with `.all(&db)`"]
pub struct Compound<O> {
    first: Box<dyn Statement>,
    rest: Vec<(&'static str, Box<dyn Statement>)>,
    output: PhantomData<fn() -> O>,
}

impl<O> Compound<O> {
    pub(crate) fn new<S: Table, C: Selection<S, Output = O> + 'static>(first: Select<S, C>) -> Self {
        Compound { first: Box::new(first), rest: Vec::new(), output: PhantomData }
    }

    /// Adds `UNION (other)`: duplicates removed.
    pub fn union<S: Table, C: Selection<S, Output = O> + 'static>(mut self, other: Select<S, C>) -> Self {
        self.rest.push((" UNION ", Box::new(other)));
        self
    }

    /// Adds `UNION ALL (other)`: duplicates kept.
    pub fn union_all<S: Table, C: Selection<S, Output = O> + 'static>(mut self, other: Select<S, C>) -> Self {
        self.rest.push((" UNION ALL ", Box::new(other)));
        self
    }
}

impl<O> Statement for Compound<O> {
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
