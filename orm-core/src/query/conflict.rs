//! ON CONFLICT: `.on_conflict(cols).do_nothing()` and `.do_update().set(col, excluded(col))`.

use super::Statement;
use super::audit::{check_assignments, render_maintained};
use super::insert::Insert;
use super::returning::{Returning, TargetTable};
use super::selection::AllColumns;
use crate::error::{Error, Result};
use crate::expr::{AsUpsertValue, Column, ExprNode};
use crate::render::SqlWriter;
use crate::schema::TableMeta;
use crate::table::{Assignment, Table};
use crate::types::ColumnType;

/// The ON CONFLICT clause of an insert.
#[derive(Debug)]
pub(crate) struct ConflictClause {
    target: Vec<&'static str>,
    updates: Option<Vec<Assignment>>,
}

impl ConflictClause {
    pub(crate) fn nothing(target: Vec<&'static str>) -> Self {
        ConflictClause { target, updates: None }
    }

    pub(crate) fn param_count(&self) -> usize {
        self.updates
            .iter()
            .flatten()
            .filter(|a| matches!(a.value, ExprNode::Bind(_) | ExprNode::Slot(_)))
            .count()
    }

    pub(crate) fn validate(&self, table: &'static TableMeta) -> Result<()> {
        match &self.updates {
            Some(updates) if updates.is_empty() => Err(Error::EmptyUpdate { table: table.name }),
            Some(updates) => check_assignments(table, updates),
            None => Ok(()),
        }
    }

    /// Writes ` ON CONFLICT (..) DO ..`; an update also maintains `table`'s audit columns.
    pub(crate) fn render<'a>(&'a self, table: &'static TableMeta, w: &mut SqlWriter<'a>) {
        w.push_sql(" ON CONFLICT");
        if !self.target.is_empty() {
            w.push_sql(" (");
            for (i, column) in self.target.iter().enumerate() {
                if i > 0 {
                    w.push_sql(", ");
                }
                w.push_ident(column);
            }
            w.push_sql(")");
        }
        match &self.updates {
            None => w.push_sql(" DO NOTHING"),
            Some(updates) => {
                w.push_sql(" DO UPDATE SET ");
                render_assignments(updates, w);
                render_maintained(table, updates, w);
            }
        }
    }
}

/// Writes `"a" = $1, "b" = EXCLUDED."b"`.
pub(crate) fn render_assignments<'a>(assignments: &'a [Assignment], w: &mut SqlWriter<'a>) {
    for (i, assignment) in assignments.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(assignment.column);
        w.push_sql(" = ");
        assignment.value.render(w);
    }
}

/// The conflict target: a column of `T` or a tuple of them (a unique constraint's columns).
pub trait ConflictTarget<T> {
    /// Appends the column names.
    #[doc(hidden)]
    fn push_columns(self, out: &mut Vec<&'static str>);
}

impl<T: Table, V> ConflictTarget<T> for Column<T, V> {
    fn push_columns(self, out: &mut Vec<&'static str>) {
        out.push(self.name());
    }
}

macro_rules! conflict_tuple {
    ($($name:ident),+) => {
        impl<T: Table, $($name: ConflictTarget<T>),+> ConflictTarget<T> for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_columns(self, out: &mut Vec<&'static str>) {
                let ($($name,)+) = self;
                $($name.push_columns(out);)+
            }
        }
    };
}

conflict_tuple!(A);
conflict_tuple!(A, B);
conflict_tuple!(A, B, C);
conflict_tuple!(A, B, C, D);

/// An insert with a conflict target, waiting for its action.
#[must_use = "choose `.do_nothing()` or `.do_update()`"]
pub struct OnConflict<T: Table> {
    insert: Insert<T>,
    target: Vec<&'static str>,
}

impl<T: Table> OnConflict<T> {
    pub(crate) fn new(insert: Insert<T>, target: Vec<&'static str>) -> Self {
        OnConflict { insert, target }
    }

    /// `ON CONFLICT (..) DO NOTHING`: conflicting rows are skipped.
    pub fn do_nothing(self) -> Insert<T> {
        let mut insert = self.insert;
        insert.conflict = Some(ConflictClause::nothing(self.target));
        insert
    }

    /// `ON CONFLICT (..) DO UPDATE SET ..`: name the columns to overwrite with `.set(..)`.
    pub fn do_update(self) -> Upsert<T> {
        let mut insert = self.insert;
        insert.conflict = Some(ConflictClause { target: self.target, updates: Some(Vec::new()) });
        Upsert { insert }
    }
}

/// An insert that updates the existing row on conflict (`INSERT .. ON CONFLICT .. DO UPDATE`).
#[must_use = "an upsert does nothing until it is run with `.execute(&db)`"]
pub struct Upsert<T: Table> {
    insert: Insert<T>,
}

impl<T: Table> Upsert<T> {
    /// `SET column = value` on conflict; `excluded(column)` is the value the insert proposed.
    pub fn set<V: ColumnType>(mut self, column: Column<T, V>, value: impl AsUpsertValue<T, V>) -> Self {
        if let Some(ConflictClause { updates: Some(updates), .. }) = &mut self.insert.conflict {
            updates.push(Assignment::new(column.name(), value.into_upsert_value()));
        }
        self
    }

    /// Returns the inserted or updated rows.
    pub fn returning(self) -> Returning<Self, AllColumns<T>> {
        Returning::new(self, AllColumns::default())
    }

    super::timeout_method!(insert.timeout);
}

impl<T: Table> TargetTable for Upsert<T> {
    type Table = T;
}

impl<T: Table> Statement for Upsert<T> {
    fn parts(&self) -> usize {
        self.insert.parts()
    }

    fn validate(&self) -> Result<()> {
        self.insert.validate()
    }

    fn time_limit(&self) -> Option<std::time::Duration> {
        self.insert.time_limit()
    }

    fn render_part<'a>(&'a self, part: usize, w: &mut SqlWriter<'a>) {
        self.insert.render_part(part, w);
    }
}
