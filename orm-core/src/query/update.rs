//! UPDATE: `User::update().set(col, value).filter(..)`, or `.patch(UserPatch { .. })`;
//! `.expect_version(v)` for optimistic locking.

use std::marker::PhantomData;
use std::time::Duration;

use super::Statement;
use super::audit::{check_assignments, render_maintained};
use super::conflict::render_assignments;
use super::filter_state::{AllRows, FilterGiven, Filtered, NoFilter};
use super::returning::{Returning, TargetTable};
use super::selection::AllColumns;
use super::where_::WhereClause;
use crate::error::{Error, Result};
use crate::expr::{AsAssign, AsExpr, Column, Condition, ExprOps};
use crate::render::SqlWriter;
use crate::table::{Assignment, Patch, Table, Versioned};
use crate::types::ColumnType;

/// An UPDATE of `T`. `F` records whether a filter was given: only
/// [`Filtered`] and [`AllRows`] updates can run.
#[must_use = "an update does nothing until it is run with `.execute(&db)`"]
pub struct Update<T, F = NoFilter> {
    sets: Vec<Assignment>,
    filter: WhereClause,
    /// `.expect_version(v)` was called: no row changed is a [`Error::StaleWrite`].
    expects_version: bool,
    /// `.timeout(..)`: the time limit of the call that runs this update.
    timeout: Option<Duration>,
    state: PhantomData<fn() -> (T, F)>,
}

impl<T: Table> Update<T, NoFilter> {
    pub(crate) fn new() -> Self {
        Update {
            sets: Vec::new(),
            filter: WhereClause::default(),
            expects_version: false,
            timeout: None,
            state: PhantomData,
        }
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

    super::timeout_method!(timeout);

    /// Changes only the rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<T>) -> Update<T, Filtered> {
        self.filter.push(cond);
        Update {
            sets: self.sets,
            filter: self.filter,
            expects_version: self.expects_version,
            timeout: self.timeout,
            state: PhantomData,
        }
    }

    /// Changes every row of the table, on purpose.
    pub fn all_rows(self) -> Update<T, AllRows> {
        Update {
            sets: self.sets,
            filter: self.filter,
            expects_version: self.expects_version,
            timeout: self.timeout,
            state: PhantomData,
        }
    }
}

impl<T: Table, F> Update<T, F> {
    /// Optimistic locking: changes the rows only while their `#[column(version)]` still
    /// holds `version`, the value the caller read (`AND "version" = $n`). When no row
    /// changes, the run fails with [`Error::StaleWrite`] and nothing was written; with
    /// `.returning()` too, instead of returning no row. Only tables with a version
    /// column have this method.
    ///
    /// ```text
    /// Doc::update().set(Doc::TITLE, "b").filter(Doc::ID.eq(7)).expect_version(3)
    /// // UPDATE "docs" SET "title" = $1, "version" = "docs"."version" + 1
    /// //     WHERE "docs"."id" = $2 AND "docs"."version" = $3
    /// ```
    ///
    /// (The guide's page on audit columns and versions has this example compiled and run.)
    pub fn expect_version<J, R>(mut self, version: R) -> Self
    where
        T: Versioned,
        R: AsExpr<T, <T::Version as ColumnType>::Base, J>,
    {
        self.filter.push(T::VERSION_COLUMN.eq(version));
        self.expects_version = true;
        self
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
    fn time_limit(&self) -> Option<Duration> {
        self.timeout
    }

    fn validate(&self) -> Result<()> {
        if self.sets.is_empty() {
            return Err(Error::EmptyUpdate { table: <T as Table>::NAME });
        }
        check_assignments(T::meta(), &self.sets)
    }

    fn check_changed(&self, changed: u64) -> Result<()> {
        if self.expects_version && changed == 0 {
            return Err(Error::StaleWrite { table: <T as Table>::NAME });
        }
        Ok(())
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        w.push_sql("UPDATE ");
        w.push_ident(<T as Table>::NAME);
        w.push_sql(" SET ");
        render_assignments(&self.sets, w);
        render_maintained(T::meta(), &self.sets, w);
        self.filter.render(w);
    }
}
