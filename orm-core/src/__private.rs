//! Paths the derives generate code against; not a public API and not covered by semver.

pub use bytes::BytesMut;
pub use postgres_types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
pub use tokio_postgres::Row;

pub use crate::error::{Error, Result};
pub use crate::expr::{Column, ExprNode};
pub use crate::render::SqlWriter;
pub use crate::row::{FromRow, decode};
pub use crate::schema::{
    ColumnMeta, DefaultValue, EnumMeta, FkAction, ForeignKey, IndexMeta, Schema, SchemaItem,
    SqlType, TableMeta,
};
pub use crate::table::{Assignment, Insertable, Patch, Table};
pub use crate::types::{ArrayElement, ColumnType, HasBase, PgEnum};

/// The error type `ToSql` / `FromSql` implementations return.
pub type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// Writes a bound value.
pub fn push_value<'a, V: ColumnType>(w: &mut SqlWriter<'a>, value: &'a V) {
    w.push_bind(value);
}

/// Writes the bound value, or `DEFAULT` when the field is `None`.
pub fn push_value_or_default<'a, V: ColumnType>(w: &mut SqlWriter<'a>, value: &'a Option<V>) {
    match value {
        Some(value) => w.push_bind(value),
        None => w.push_sql("DEFAULT"),
    }
}

/// An assignment of a field value, for patches.
pub fn assign<V: ColumnType>(column: &'static str, value: V) -> Assignment {
    Assignment::new(column, ExprNode::bind(value))
}

/// Decodes a field, for derived `FromRow` impls.
pub fn decode_field<V: ColumnType>(row: &Row, index: usize) -> Result<V> {
    decode(row, index)
}

/// Compile-time check that a foreign key column and the column it references hold the same type.
pub const fn assert_same_base<A, B, T>(_: Column<T, B>)
where
    A: ColumnType,
    B: ColumnType<Base = A::Base>,
{
}
