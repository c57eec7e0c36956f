//! UPDATE: `User::update().set(col, value).filter(..)`, or `.patch(UserPatch { .. })`.

use std::marker::PhantomData;

use super::Statement;
use super::conflict::render_assignments;
use super::filter_state::{AllRows, FilterGiven, Filtered, NoFilter};
use super::returning::{Returning, TargetTable};
use super::selection::AllColumns;
use super::where_::WhereClause;
use crate::error::{Error, Result};
use crate::expr::{AsAssign, Column, Condition};
use crate::render::SqlWriter;
use crate::table::{Assignment, Patch, Table};
use crate::types::ColumnType;

/// An UPDATE of `T`. `F` records whether a filter was given: only
/// [`Filtered`] and [`AllRows`] updates can run.
#[must_use = "an update does nothing until it is run with `.execute(&db)`"]
pub struct Update<T, F = NoFilter> {
    sets: Vec<Assignment>,
    filter: WhereClause,
    state: PhantomData<fn() -> (T, F)>,
}

impl<T: Table> Update<T, NoFilter> {
    pub(crate) fn new() -> Self {
        Update { sets: Vec::new(), filter: WhereClause::default(), state: PhantomData }
    }
}

impl<T: Table, F> Update<T, F> {
    /// `SET column = value`; the value must have the column's type.
    pub fn set<V: ColumnType>(mut self, column: Column<T, V>, value: impl AsAssign<T, V>) -> Self {
        self.sets.push(Assignment::new(column.name(), value.into_assign()));
        self
    }

    /// Sets every field of the patch that is `Some`.
    pub fn patch(mut self, patch: T::Patch) -> Self {
        patch.into_assignments(&mut self.sets);
        self
    }

    /// Changes only the rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<T>) -> Update<T, Filtered> {
        self.filter.push(cond);
        Update { sets: self.sets, filter: self.filter, state: PhantomData }
    }

    /// Changes every row of the table, on purpose.
    pub fn all_rows(self) -> Update<T, AllRows> {
        Update { sets: self.sets, filter: self.filter, state: PhantomData }
    }
}

impl<T: Table, F> Update<T, F> {
    /// Returns the updated rows. Needs `.filter(..)` or `.all_rows()` first.
    pub fn returning(self) -> Returning<Self, AllColumns<T>>
    where
        F: FilterGiven,
    {
        Returning::new(self, AllColumns::default())
    }
}

impl<T, F> TargetTable for Update<T, F> {
    type Table = T;
}

impl<T: Table, F: FilterGiven> Statement for Update<T, F> {
    fn validate(&self) -> Result<()> {
        if self.sets.is_empty() {
            return Err(Error::EmptyUpdate { table: <T as Table>::NAME });
        }
        Ok(())
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        w.push_sql("UPDATE ");
        w.push_ident(<T as Table>::NAME);
        w.push_sql(" SET ");
        render_assignments(&self.sets, w);
        self.filter.render(w);
    }
}
