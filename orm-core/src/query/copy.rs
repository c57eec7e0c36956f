//! `Table::copy_in(rows)`: a bulk load through `COPY .. FROM STDIN BINARY`.

use std::time::Duration;

use crate::render::{BindParam, SqlWriter};
use crate::table::{Insertable, Table};

/// Rows to load with `COPY "table" (..) FROM STDIN (FORMAT binary)`; run it with
/// `.execute(&db)`.
///
/// The fastest way to load many rows: one statement, values in PostgreSQL's binary
/// format, no parameter limit. Columns a row leaves to the server (`None` for a
/// column with a default) are left out of the `COPY`, so the server fills them;
/// rows that leave different columns out go in separate `COPY`s, all in one
/// transaction. Unlike `insert_many`, it has no `ON CONFLICT` and no `RETURNING`.
#[must_use = "a COPY does nothing until it is run with `.execute(&db)`"]
pub struct CopyIn<T: Table> {
    pub(crate) rows: Vec<T::New>,
    /// `.timeout(..)`: the time limit of the call that runs this load.
    pub(crate) timeout: Option<Duration>,
}

impl<T: Table> CopyIn<T> {
    pub(crate) fn new(rows: Vec<T::New>) -> Self {
        CopyIn { rows, timeout: None }
    }

    super::timeout_method!(timeout);
}

/// One row's values in insertable-column order, `DEFAULT` (a column the row leaves to
/// the server) marked as [`SqlWriter::is_default`] tells: collected without writing text.
pub(crate) fn row_values<R: Insertable>(row: &R, columns: usize) -> Vec<BindParam<'_>> {
    let mut w = SqlWriter::values_only(&[], columns);
    row.render_values(&mut w);
    w.finish().1
}
