//! INSERT: `User::insert(new)` and `User::insert_many(rows)`, chunked under the parameter limit.

use std::time::Duration;

use super::Statement;
use super::conflict::{ConflictClause, ConflictTarget, OnConflict};
use super::returning::{Returning, TargetTable};
use super::selection::AllColumns;
use crate::error::Result;
use crate::render::{MAX_BIND_PARAMS, SqlWriter};
use crate::table::{Insertable, Table};

/// An INSERT of one or more rows of `T`.
#[must_use = "an insert does nothing until it is run with `.execute(&db)`"]
pub struct Insert<T: Table> {
    rows: Vec<T::New>,
    pub(crate) conflict: Option<ConflictClause>,
    /// `.timeout(..)`: the time limit of the call that runs this insert.
    pub(crate) timeout: Option<Duration>,
}

impl<T: Table> Insert<T> {
    pub(crate) fn new(rows: Vec<T::New>) -> Self {
        Insert { rows, conflict: None, timeout: None }
    }

    super::timeout_method!(timeout);

    /// `ON CONFLICT (target)`: choose `.do_nothing()` or `.do_update().set(..)` next.
    pub fn on_conflict(self, target: impl ConflictTarget<T>) -> OnConflict<T> {
        let mut columns = Vec::new();
        target.push_columns(&mut columns);
        OnConflict::new(self, columns)
    }

    /// `ON CONFLICT DO NOTHING` for a conflict on any unique constraint.
    pub fn on_conflict_do_nothing(mut self) -> Self {
        self.conflict = Some(ConflictClause::nothing(Vec::new()));
        self
    }

    /// Returns the inserted rows: `.returning().one(&db)` yields a `T`.
    pub fn returning(self) -> Returning<Self, AllColumns<T>> {
        Returning::new(self, AllColumns::default())
    }

    /// How many rows each statement carries, so that no statement binds more than 65,535 values.
    fn rows_per_statement(&self) -> usize {
        let columns = insert_column_count::<T>();
        if columns == 0 {
            return 1;
        }
        let reserved = self.conflict.as_ref().map_or(0, ConflictClause::param_count);
        (MAX_BIND_PARAMS.saturating_sub(reserved) / columns).max(1)
    }
}

fn insert_column_count<T: Table>() -> usize {
    T::meta().columns.iter().filter(|c| !c.identity).count()
}

impl<T: Table> TargetTable for Insert<T> {
    type Table = T;
}

impl<T: Table> Statement for Insert<T> {
    fn time_limit(&self) -> Option<Duration> {
        self.timeout
    }

    fn parts(&self) -> usize {
        self.rows.len().div_ceil(self.rows_per_statement())
    }

    fn validate(&self) -> Result<()> {
        match &self.conflict {
            Some(clause) => clause.validate(T::meta()),
            None => Ok(()),
        }
    }

    fn render_part<'a>(&'a self, part: usize, w: &mut SqlWriter<'a>) {
        let per = self.rows_per_statement();
        let rows = &self.rows[(part * per).min(self.rows.len())..((part + 1) * per).min(self.rows.len())];
        w.push_sql("INSERT INTO ");
        w.push_ident(<T as Table>::NAME);
        if insert_column_count::<T>() == 0 {
            w.push_sql(" DEFAULT VALUES");
        } else {
            w.push_sql(" (");
            let columns = T::meta().columns.iter().filter(|c| !c.identity);
            for (i, column) in columns.enumerate() {
                if i > 0 {
                    w.push_sql(", ");
                }
                w.push_ident(column.name);
            }
            w.push_sql(") VALUES ");
            for (i, row) in rows.iter().enumerate() {
                if i > 0 {
                    w.push_sql(", ");
                }
                row.render_values(w);
            }
        }
        if let Some(clause) = &self.conflict {
            clause.render(T::meta(), w);
        }
    }
}
