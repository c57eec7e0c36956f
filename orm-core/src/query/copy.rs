//! `Table::copy_in(rows)`: a bulk load through `COPY .. FROM STDIN BINARY`.

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
}

impl<T: Table> CopyIn<T> {
    pub(crate) fn new(rows: Vec<T::New>) -> Self {
        CopyIn { rows }
    }
}

/// One row's values in insertable-column order: `None` where the row leaves the
/// column to the server (`DEFAULT`).
pub(crate) fn row_values<R: Insertable>(row: &R) -> Vec<Option<BindParam<'_>>> {
    let mut w = SqlWriter::new();
    row.render_values(&mut w);
    let (sql, params) = w.finish();
    // `render_values` writes `($1, DEFAULT, $2, ..)`: a bound value or DEFAULT per
    // insertable column, in order, and nothing else.
    let mut params = params.into_iter();
    sql.trim_start_matches('(')
        .trim_end_matches(')')
        .split(", ")
        .filter(|item| !item.is_empty())
        .map(|item| if item == "DEFAULT" { None } else { params.next() })
        .collect()
}
