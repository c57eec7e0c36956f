//! The `Table` trait and its companions `Insertable` and `Patch`, implemented by `#[derive(Table)]`.

use crate::expr::ExprNode;
use crate::query::{CopyIn, Delete, Insert, NoFilter, Select, Update};
use crate::render::SqlWriter;
use crate::row::FromRow;
use crate::schema::TableMeta;

/// A struct mapped to a table by `#[derive(Table)]`.
///
/// The associated functions start the typed statements: `User::select()`,
/// `User::insert(new)`, `User::insert_many(rows)`, `User::update()`, `User::delete()`.
pub trait Table: FromRow + Send + Sync + Sized + 'static {
    /// The table name. When the struct has a field called `name`, `User::NAME` is that
    /// column; reach the table name with `<User as Table>::NAME`.
    const NAME: &'static str;
    /// The insert struct (`NewUser`): defaulted and nullable fields are `Option`.
    type New: Insertable<Table = Self>;
    /// The patch struct (`UserPatch`): every field `Option`, for partial updates.
    type Patch: Patch<Table = Self>;

    /// Every fact about the table: columns, types, keys, indexes.
    fn meta() -> &'static TableMeta;

    /// The field at column position `index`, for [`Column::get`](crate::Column::get).
    #[doc(hidden)]
    fn __field(&self, index: usize) -> &dyn std::any::Any;

    /// `"table"."a", "table"."b", ..`: every column, qualified, written once per table
    /// and reused by every select of the whole table.
    #[doc(hidden)]
    fn __column_list() -> &'static str;

    /// `SELECT <every column> FROM table`; narrow it with `.columns(..)`.
    fn select() -> Select<Self> {
        Select::new()
    }

    /// `INSERT INTO table (..) VALUES (..)` for one row.
    fn insert(row: Self::New) -> Insert<Self> {
        Insert::new(vec![row])
    }

    /// `INSERT` of many rows, sent in chunks that stay under PostgreSQL's 65,535
    /// bind parameters; more than one chunk runs in one transaction.
    fn insert_many<I: IntoIterator<Item = Self::New>>(rows: I) -> Insert<Self> {
        Insert::new(rows.into_iter().collect())
    }

    /// `COPY table (..) FROM STDIN (FORMAT binary)` of many rows: the fastest bulk
    /// load (no parameter limit, binary values); columns left to the server are
    /// filled by it. No `ON CONFLICT`, no `RETURNING`: see [`CopyIn`].
    fn copy_in<I: IntoIterator<Item = Self::New>>(rows: I) -> CopyIn<Self> {
        CopyIn::new(rows.into_iter().collect())
    }

    /// `UPDATE table SET ..`; it runs only after `.filter(..)` or `.all_rows()`.
    fn update() -> Update<Self, NoFilter> {
        Update::new()
    }

    /// `DELETE FROM table`; it runs only after `.filter(..)` or `.all_rows()`.
    fn delete() -> Delete<Self, NoFilter> {
        Delete::new()
    }
}

/// A row to insert into [`Insertable::Table`]: the derived `NewUser`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an insert struct",
    note = "`Table::insert` takes the `New..` struct that `#[derive(Table)]` generates for that table"
)]
pub trait Insertable: Send + Sync + 'static {
    /// The table the row belongs to.
    type Table: Table;

    /// Writes `(value, DEFAULT, ..)` for the table's insertable columns (every
    /// column but identities), in field order.
    #[doc(hidden)]
    fn render_values<'a>(&'a self, w: &mut SqlWriter<'a>);
}

/// A partial update of [`Patch::Table`]: the derived `UserPatch`.
pub trait Patch: Send + Sync + 'static {
    /// The table the patch applies to.
    type Table: Table;

    /// Appends one assignment per field that is set.
    #[doc(hidden)]
    fn into_assignments(self, out: &mut Vec<Assignment>);
}

/// `"column" = value` in an UPDATE's SET list.
#[doc(hidden)]
#[derive(Debug)]
pub struct Assignment {
    pub(crate) column: &'static str,
    pub(crate) value: ExprNode,
}

impl Assignment {
    /// `column = value`.
    pub fn new(column: &'static str, value: ExprNode) -> Self {
        Assignment { column, value }
    }
}

/// A table with a single-column primary key: relations default to it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no single-column primary key for this relation to link to",
    note = "name the column the relation links to: `key = Table::COLUMN` (or `target_key = ..` for many_to_many)"
)]
pub trait PrimaryKey: Table {
    /// The key's type.
    type Key: crate::types::ColumnType;
    /// The key column.
    const KEY: crate::Column<Self, Self::Key>;
}
