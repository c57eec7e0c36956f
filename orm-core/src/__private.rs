//! Paths the derives generate code against; not a public API and not covered by semver.

pub use bytes::BytesMut;
pub use postgres_types::{FromSql, IsNull, Kind, ToSql, Type};
pub use tokio_postgres::{Column as ResultColumn, Row};

pub use crate::error::{Error, Result};
pub use crate::expr::{Column, ExprNode, Ordered};
pub use crate::render::SqlWriter;
pub use crate::row::{FromRow, decode};
pub use crate::schema::{
    ColumnMeta, DefaultValue, EnumMeta, FkAction, ForeignKey, IndexMeta, Schema, SchemaItem, SqlType,
    TableMeta,
};
pub use crate::table::{Assignment, Insertable, Patch, PrimaryKey, Table};
pub use crate::types::{ArrayElement, ColumnType, HasBase, KeyType, PgEnum};

/// The error type `ToSql` / `FromSql` implementations return.
pub type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// `ToSql::to_sql_checked` for derived impls: refuses a PostgreSQL type the value
/// does not accept, then encodes it. (What `postgres_types::to_sql_checked!` expands
/// to, without the macro's parameter names, which a user's constants could capture.)
pub fn checked_to_sql<T: ToSql>(
    value: &T,
    ty: &Type,
    out: &mut BytesMut,
) -> std::result::Result<IsNull, BoxError> {
    if !T::accepts(ty) {
        return Err(Box::new(postgres_types::WrongType::new::<T>(ty.clone())));
    }
    value.to_sql(ty, out)
}

/// Writes a bound value.
pub fn push_value<'a, V: ColumnType>(w: &mut SqlWriter<'a>, value: &'a V) {
    w.push_bind(value);
}

/// Writes the bound value, or `DEFAULT` when the field is `None`.
pub fn push_value_or_default<'a, V: ColumnType>(w: &mut SqlWriter<'a>, value: &'a Option<V>) {
    match value {
        Some(value) => w.push_bind(value),
        None => w.push_default(),
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

/// A field type that `#[column(varchar(n))]` fits: `String` or `Option<String>`.
#[diagnostic::on_unimplemented(
    message = "`varchar(n)` needs a `String` field, but this field holds `{Self}`",
    label = "this field does not hold text",
    note = "`varchar(n)` fits `String` and `Option<String>` fields"
)]
pub trait TextColumn: ColumnType {}

impl TextColumn for String {}
impl TextColumn for Option<String> {}

/// A field type that `#[column(numeric(p, s))]` fits: `Decimal` or `Option<Decimal>`
/// (with the `decimal` feature; without it, no type does).
#[diagnostic::on_unimplemented(
    message = "`numeric(p, s)` needs a `Decimal` field, but this field holds `{Self}`",
    label = "this field does not hold a `Decimal`",
    note = "`numeric(p, s)` fits `Decimal` and `Option<Decimal>` fields (the `decimal` feature of `orm`, on by default)"
)]
pub trait NumericColumn: ColumnType {}

#[cfg(feature = "decimal")]
const _: () = {
    impl NumericColumn for rust_decimal::Decimal {}
    impl NumericColumn for Option<rust_decimal::Decimal> {}
};

/// A field type that `#[column(identity)]` fits: `i16`, `i32` or `i64`, never `Option`.
#[diagnostic::on_unimplemented(
    message = "`identity` needs an `i16`, `i32` or `i64` field, but this field holds `{Self}`",
    label = "this field is not an `i16`, `i32` or `i64`",
    note = "identity columns are NOT NULL integers the database generates: `i16`, `i32` or `i64`"
)]
pub trait IdentityColumn: ColumnType {}

impl IdentityColumn for i16 {}
impl IdentityColumn for i32 {}
impl IdentityColumn for i64 {}

/// Compile-time check that a `varchar(n)` field holds text.
pub const fn varchar_field<V: TextColumn>() {}

/// Compile-time check that a `numeric(p, s)` field holds a `Decimal`.
pub const fn numeric_field<V: NumericColumn>() {}

/// Compile-time check that an `identity` field is a non-null integer.
pub const fn identity_field<V: IdentityColumn>() {}

pub use crate::relation::{
    BelongsTo, HasMany, HasOne, ManyToMany, belongs_to, has_many, has_one, many_to_many,
};

/// `FromRow::check_names` for derived tables: the result's columns, in field order.
pub fn check_table_columns<T: Table>(columns: &[ResultColumn]) -> Result<()> {
    for (expected, found) in T::meta().columns.iter().zip(columns) {
        if expected.name != found.name() {
            return Err(Error::ResultShape {
                target: <T as Table>::NAME,
                expected: format!("column `{}`", expected.name),
                found: format!("`{}` in its place: select the columns in field order", found.name()),
            });
        }
    }
    Ok(())
}

/// A field type `#[table(soft_delete = ..)]` fits: a nullable timestamp or date,
/// which `delete()` sets to `now()`.
#[diagnostic::on_unimplemented(
    message = "`soft_delete` needs an `Option<DateTime<Utc>>`, `Option<NaiveDateTime>` or `Option<NaiveDate>` field, not `{Self}`",
    label = "`delete()` stores now() in this field"
)]
pub trait SoftDeleteColumn: ColumnType {}

impl SoftDeleteColumn for Option<chrono::DateTime<chrono::Utc>> {}
impl SoftDeleteColumn for Option<chrono::NaiveDateTime> {}
impl SoftDeleteColumn for Option<chrono::NaiveDate> {}

/// Fails to compile unless `V` fits a soft-delete column.
pub const fn assert_soft_delete_column<V: SoftDeleteColumn>() {}
