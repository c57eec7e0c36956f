//! DELETE: `User::delete().filter(..)`.

use std::marker::PhantomData;
use std::time::Duration;

use super::Statement;
use super::audit::render_maintained;
use super::filter_state::{AllRows, FilterGiven, Filtered, NoFilter};
use super::returning::{Returning, TargetTable};
use super::selection::AllColumns;
use super::where_::WhereClause;
use crate::expr::Condition;
use crate::render::SqlWriter;
use crate::table::Table;

/// A DELETE from `T`. `F` records whether a filter was given: only
/// [`Filtered`] and [`AllRows`] deletes can run.
#[must_use = "a delete does nothing until it is run with `.execute(&db)`"]
pub struct Delete<T, F = NoFilter> {
    filter: WhereClause,
    hard: bool,
    /// `.timeout(..)`: the time limit of the call that runs this delete.
    timeout: Option<Duration>,
    state: PhantomData<fn() -> (T, F)>,
}

impl<T: Table> Delete<T, NoFilter> {
    pub(crate) fn new() -> Self {
        Delete { filter: WhereClause::default(), hard: false, timeout: None, state: PhantomData }
    }
}

impl<T: Table, F> Delete<T, F> {
    /// Deletes only the rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<T>) -> Delete<T, Filtered> {
        self.filter.push(cond);
        Delete { filter: self.filter, hard: self.hard, timeout: self.timeout, state: PhantomData }
    }

    /// Removes the rows for real, also from a soft-delete table (which `delete()`
    /// otherwise only marks: `SET deleted_at = now()`, an update that also maintains
    /// the audit columns, `updated_at` and `version`).
    pub fn hard(mut self) -> Self {
        self.hard = true;
        self
    }

    super::timeout_method!(timeout);

    /// Deletes every row of the table, on purpose.
    pub fn all_rows(self) -> Delete<T, AllRows> {
        Delete { filter: self.filter, hard: self.hard, timeout: self.timeout, state: PhantomData }
    }
}

impl<T: Table, F> Delete<T, F> {
    /// Returns the deleted rows. Needs `.filter(..)` or `.all_rows()` first.
    pub fn returning(self) -> Returning<Self, AllColumns<T>>
    where
        F: FilterGiven,
    {
        Returning::new(self, AllColumns::default())
    }
}

impl<T, F> TargetTable for Delete<T, F> {
    type Table = T;
}

impl<T: Table, F: FilterGiven> Statement for Delete<T, F> {
    fn time_limit(&self) -> Option<Duration> {
        self.timeout
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        match T::meta().soft_delete {
            Some(column) if !self.hard => {
                // A soft delete marks the rows that are not marked yet.
                w.push_sql("UPDATE ");
                w.push_ident(<T as Table>::NAME);
                w.push_sql(" SET ");
                w.push_ident(column);
                w.push_sql(" = now()");
                render_maintained(T::meta(), &[], w);
                self.filter.render_live(Some((<T as Table>::NAME, column)), w);
            }
            _ => {
                w.push_sql("DELETE FROM ");
                w.push_ident(<T as Table>::NAME);
                self.filter.render(w);
            }
        }
    }
}
