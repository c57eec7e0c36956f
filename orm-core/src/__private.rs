//! Paths the derives generate code against; not a public API and not covered by semver.

pub use bytes::BytesMut;
pub use postgres_types::{FromSql, IsNull, Kind, ToSql, Type};
pub use tokio_postgres::{Column as ResultColumn, Row};

pub use crate::error::{Error, Result};
pub use crate::expr::{Column, ExprNode, Ordered};
pub use crate::render::{BindParam, SqlWriter};
pub use crate::row::{FromRow, decode};
pub use crate::schema::{
    AuditRole, ColumnMeta, DefaultValue, EnumMeta, FkAction, ForeignKey, IndexMeta, Schema, SchemaItem,
    SqlType, TableMeta, ValidateHook,
};
pub use crate::table::{Assignment, Insertable, Patch, PrimaryKey, Table, Versioned};
pub use crate::types::{ArrayElement, ColumnType, HasBase, KeyType, PgEnum};
pub use crate::validate::column::check_columns;
pub use crate::validate::hook::{Hook, HookInput, Present, hook, run_any_hook, run_hook};
pub use crate::validate::json::{JsonField, JsonFields};
pub use crate::validate::methods::in_field_order;
pub use crate::validate::{ValidationCode, ValidationErrors};
pub use core::option::Option::{self, None, Some};
pub use core::result::Result::Ok;
pub use serde::Deserialize;
pub use serde_json::Value as JsonValue;
pub use std::string::String;
pub use std::sync::OnceLock;

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

/// `Debug::fmt` for the derived insert struct, which holds every column but the
/// identities, in order: `Name { field: value, .. }`.
pub fn debug_fields(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    meta: &TableMeta,
    values: &[&dyn std::fmt::Debug],
) -> std::fmt::Result {
    debug_columns(f, name, meta.columns.iter().filter(|column| !column.identity), values)
}

/// `Debug::fmt` for the derived patch struct, which holds every column but the
/// identities and the audit columns, in order.
pub fn debug_patch_fields(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    meta: &TableMeta,
    values: &[&dyn std::fmt::Debug],
) -> std::fmt::Result {
    let columns = meta.columns.iter().filter(|column| !column.identity && column.audit.is_none());
    debug_columns(f, name, columns, values)
}

fn debug_columns<'m>(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    columns: impl Iterator<Item = &'m ColumnMeta>,
    values: &[&dyn std::fmt::Debug],
) -> std::fmt::Result {
    let mut out = f.debug_struct(name);
    for (column, value) in columns.zip(values) {
        out.field(column.field, value);
    }
    out.finish()
}

/// `Clone::clone` of a field, for the insert and patch structs' `Clone` impls.
pub fn clone<V: Clone>(value: &V) -> V {
    value.clone()
}

/// One insert value: the field bound as a parameter.
pub fn insert_value<'a, V: ColumnType>(value: &'a V) -> Option<BindParam<'a>> {
    Some(value)
}

/// One insert value of a field with a server default: bound, or `DEFAULT` when `None`.
pub fn insert_value_or_default<'a, V: ColumnType>(value: &'a Option<V>) -> Option<BindParam<'a>> {
    match value {
        Some(value) => Some(value),
        None => None,
    }
}

/// `Insertable::render_values` for derived insert structs: `($1, DEFAULT, ..)`, a
/// bound value per `Some` and `DEFAULT` per `None`.
pub fn push_values<'a>(w: &mut SqlWriter<'a>, values: &[Option<BindParam<'a>>]) {
    w.push_sql("(");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        match value {
            Some(value) => w.push_bind(*value),
            None => w.push_default(),
        }
    }
    w.push_sql(")");
}

/// A patch field: `column = value` when the field is set, for `Patch::into_assignments`.
pub fn assign<V: ColumnType>(out: &mut Vec<Assignment>, column: &'static str, value: Option<V>) {
    if let Some(value) = value {
        out.push(Assignment::new(column, ExprNode::bind(value)));
    }
}

/// [`column_meta`] flag: the column is the primary key (or part of it).
pub const PRIMARY_KEY: u8 = 1;
/// [`column_meta`] flag: the column is `UNIQUE`.
pub const UNIQUE: u8 = 2;
/// [`column_meta`] flag: the column is an identity column.
pub const IDENTITY: u8 = 4;

/// The metadata of a column holding `V`: its SQL type and nullability from
/// `V`, the flags from [`PRIMARY_KEY`], [`UNIQUE`] and [`IDENTITY`]. The other
/// facts start empty; the `ColumnMeta::with_..` methods set them.
pub const fn column_meta<V: ColumnType>(name: &'static str, field: &'static str, flags: u8) -> ColumnMeta {
    ColumnMeta {
        name,
        field,
        sql_type: V::SQL_TYPE,
        nullable: V::NULLABLE,
        default: None,
        primary_key: flags & PRIMARY_KEY != 0,
        unique: flags & UNIQUE != 0,
        identity: flags & IDENTITY != 0,
        references: None,
        check: None,
        renamed_from: None,
        audit: None,
    }
}

/// A plain index on the columns, as `#[column(index)]` declares.
pub const fn column_index(columns: &'static [&'static str]) -> IndexMeta {
    IndexMeta { name: None, columns, expressions: &[], unique: false, using: None, predicate: None }
}

/// `Table::__field` for derived tables: the field at `index` of `fields`, or `()`.
pub fn field_at<'a>(fields: &[&'a dyn std::any::Any], index: usize) -> &'a dyn std::any::Any {
    fields.get(index).copied().unwrap_or(&())
}

/// The next column of a row, for derived `FromRow` impls: the row and the
/// position of the column the next [`decode_next`] reads.
pub struct NextColumn<'r> {
    row: &'r Row,
    index: usize,
}

impl<'r> NextColumn<'r> {
    /// Starts at column `start` of `row`.
    pub fn new(row: &'r Row, start: usize) -> Self {
        NextColumn { row, index: start }
    }
}

/// `"table"."a", "table"."b", ..` for [`Table::__column_list`].
pub fn column_list<T: Table>() -> String {
    crate::query::column_list::<T>()
}

/// Decodes the next column of a row into a field, for derived `FromRow` impls.
pub fn decode_next<V: ColumnType>(next: &mut NextColumn<'_>) -> Result<V> {
    next.index += 1;
    decode(next.row, next.index - 1)
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

/// A field type `#[column(created_at)]` and `#[column(updated_at)]` fit: `DateTime<Utc>`.
#[diagnostic::on_unimplemented(
    message = "`created_at` and `updated_at` need a `DateTime<Utc>` field (timestamptz), not `{Self}`",
    label = "the database stores now() in this field",
    note = "the column is always set, so not an `Option`; and a `timestamp` (`NaiveDateTime`) column would take now() in the session's time zone"
)]
pub trait AuditTimestampColumn: ColumnType {}

impl AuditTimestampColumn for chrono::DateTime<chrono::Utc> {}

/// A field type `#[column(version)]` fits: `i32` or `i64`.
#[diagnostic::on_unimplemented(
    message = "`version` needs an `i32` or `i64` field, not `{Self}`",
    label = "every update adds one to this field",
    note = "a version column is a NOT NULL integer that starts at 1: `#[column(version)] pub version: i32`"
)]
pub trait VersionColumn: ColumnType {}

impl VersionColumn for i32 {}
impl VersionColumn for i64 {}

/// Compile-time check that a `created_at` or `updated_at` field is a `DateTime<Utc>`.
pub const fn audit_timestamp_field<V: AuditTimestampColumn>() {}

/// Compile-time check that a `version` field is an `i32` or `i64`.
pub const fn version_field<V: VersionColumn>() {}

pub use crate::__orm_table as table;

/// Expands the items of `#[derive(Table)]` from the facts the derive read: the
/// derive only reads and checks the struct, and this macro, expanded by the
/// compiler, writes the column constants, the insert and patch structs and the
/// trait impls, `Debug` and `Clone` of both structs and `Default` of the patch.
/// (Far cheaper to compile than the same tokens built by the proc macro.)
/// `new` and `patch` come with their names as text, for `Debug`.
/// `inherent` goes into the struct's inherent impl and `checks`
/// into the block that imports the runtime as `__orm`; both keep the spans the
/// derive gave them.
#[doc(hidden)]
#[macro_export]
macro_rules! __orm_table {
    (
        vis: $vis:vis, table: $ident:ident, new: $new:ident $new_name:literal, patch: $patch:ident $patch_name:literal,
        name: $name:literal, struct_name: $struct_name:literal, width: $width:literal, decode: $decode:ident,
        new_doc: $new_doc:literal, patch_doc: $patch_doc:literal,
        columns: [$(
            $cdoc:literal $cconst:ident $field:ident: $ty:ty =
                $column:literal $field_name:literal $index:tt $flags:literal [$($meta:tt)*]
                [$(value $vfield:ident $vdoc:literal)? $(default $dfield:ident $ddoc:literal)?]
                [$($pfield:ident $pdoc:literal)?];
        )*],
        primary_key: [$($pk:literal),*],
        indexes: [$($index_meta:expr),*],
        renamed_from: $renamed_from:expr,
        soft_delete: $soft_delete:expr,
        key: [$($key_const:ident: $key_ty:ty)?],
        version: [$($version_const:ident: $version_ty:ty)?],
        inherent: {$($inherent:tt)*},
        checks: {$($checks:tt)*},
        hooks: [$($hooks:tt)*]
    ) => {
        #[doc = $new_doc]
        $vis struct $new {
            $(
                $(#[doc = $vdoc] pub $vfield: $ty,)?
                $(#[doc = $ddoc] pub $dfield: ::core::option::Option<$ty>,)?
            )*
        }

        #[doc = $patch_doc]
        $vis struct $patch {
            $($(#[doc = $pdoc] pub $pfield: ::core::option::Option<$ty>,)?)*
        }

        const _: () = {
            use $crate::__private as __orm;

            #[automatically_derived]
            impl $ident {
                $(
                    #[doc = $cdoc]
                    $vis const $cconst: __orm::Column<$ident, $ty> = __orm::Column::new($column, $index);
                )*
                $($inherent)*
            }

            static __ORM_META: __orm::TableMeta = __orm::TableMeta {
                name: $name,
                struct_name: $struct_name,
                columns: &[$(__orm::column_meta::<$ty>($column, $field_name, $flags) $($meta)*),*],
                primary_key: &[$($pk),*],
                indexes: &[$($index_meta),*],
                renamed_from: $renamed_from,
                soft_delete: $soft_delete,
                hooks: $crate::__orm_meta_hooks!($($hooks)*),
            };

            #[automatically_derived]
            impl __orm::Table for $ident {
                const NAME: &'static str = $name;
                type New = $new;
                type Patch = $patch;

                fn meta() -> &'static __orm::TableMeta {
                    &__ORM_META
                }

                fn __field(&self, __orm_index: usize) -> &dyn ::core::any::Any {
                    __orm::field_at(&[$(&self.$field),*], __orm_index)
                }

                fn __column_list() -> &'static str {
                    static LIST: __orm::OnceLock<__orm::String> = __orm::OnceLock::new();
                    LIST.get_or_init(__orm::column_list::<Self>)
                }
            }

            $(
                #[automatically_derived]
                impl __orm::PrimaryKey for $ident {
                    type Key = $key_ty;
                    const KEY: __orm::Column<$ident, $key_ty> = $ident::$key_const;
                }
            )?

            $(
                #[automatically_derived]
                impl __orm::Versioned for $ident {
                    type Version = $version_ty;
                    const VERSION_COLUMN: __orm::Column<$ident, $version_ty> = $ident::$version_const;
                }
            )?

            #[automatically_derived]
            impl __orm::FromRow for $ident {
                const WIDTH: usize = $width;

                fn from_row_at(__orm_row: &__orm::Row, __orm_start: usize) -> __orm::Result<Self> {
                    $crate::__orm_decode!($decode; $ident; __orm_row, __orm_start; $($field: $ty = $index),*)
                }

                fn check_names(__orm_columns: &[__orm::ResultColumn]) -> __orm::Result<()> {
                    __orm::check_table_columns::<$ident>(__orm_columns)
                }
            }

            #[automatically_derived]
            impl __orm::Insertable for $new {
                type Table = $ident;

                fn render_values<'a>(&'a self, __orm_w: &mut __orm::SqlWriter<'a>) {
                    __orm::push_values(__orm_w, &[$(
                        $(__orm::insert_value::<$ty>(&self.$vfield),)?
                        $(__orm::insert_value_or_default::<$ty>(&self.$dfield),)?
                    )*]);
                }
            }

            #[automatically_derived]
            impl __orm::Patch for $patch {
                type Table = $ident;

                fn into_assignments(self, __orm_out: &mut ::std::vec::Vec<__orm::Assignment>) {
                    $($(__orm::assign::<$ty>(__orm_out, $column, self.$pfield);)?)*
                }
            }

            // Debug, Clone and Default written out rather than derived: the
            // derives expand to more code for the compiler to check per table.
            #[automatically_derived]
            impl ::core::fmt::Debug for $new {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    __orm::debug_fields(f, $new_name, &__ORM_META, &[$($(&self.$vfield,)? $(&self.$dfield,)?)*])
                }
            }

            #[automatically_derived]
            impl ::core::clone::Clone for $new {
                fn clone(&self) -> Self {
                    Self {$(
                        $($vfield: __orm::clone(&self.$vfield),)?
                        $($dfield: __orm::clone(&self.$dfield),)?
                    )*}
                }
            }

            #[automatically_derived]
            impl ::core::fmt::Debug for $patch {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    __orm::debug_patch_fields(f, $patch_name, &__ORM_META, &[$($(&self.$pfield,)?)*])
                }
            }

            #[automatically_derived]
            impl ::core::clone::Clone for $patch {
                fn clone(&self) -> Self {
                    Self {$($($pfield: __orm::clone(&self.$pfield),)?)*}
                }
            }

            #[automatically_derived]
            impl ::core::default::Default for $patch {
                fn default() -> Self {
                    Self {$($($pfield: __orm::None,)?)*}
                }
            }

            $crate::__orm_validation! {
                vis: $vis, new: $new $new_name, patch: $patch,
                columns: [$($ty = $index [$(value $vfield)? $(default $dfield)?] [$($pfield)?];)*],
                hooks: [$($hooks)*]
            }

            $($checks)*
        };
    };
}

/// The body of a derived `FromRow::from_row_at`: every field decoded in order,
/// the first error returned. `all_ok` (up to 32 fields) decodes them all into a
/// tuple and checks it once; `each` checks each field.
#[doc(hidden)]
#[macro_export]
macro_rules! __orm_decode {
    (all_ok; $ident:ident; $row:ident, $start:ident; $($field:ident: $ty:ty = $index:tt),*) => {{
        let mut __orm_next = $crate::__private::NextColumn::new($row, $start);
        let __orm_values = $crate::__private::all_ok((
            $($crate::__private::decode_next::<$ty>(&mut __orm_next),)*
        ))?;
        $crate::__private::Ok($ident { $($field: __orm_values.$index,)* })
    }};
    (each; $ident:ident; $row:ident, $start:ident; $($field:ident: $ty:ty = $index:tt),*) => {{
        let mut __orm_next = $crate::__private::NextColumn::new($row, $start);
        $crate::__private::Ok($ident {
            $($field: $crate::__private::decode_next::<$ty>(&mut __orm_next)?,)*
        })
    }};
}

/// A tuple of decoded fields: `Ok` of their values, or the first error.
pub trait AllOk {
    /// The tuple of values.
    type Values;

    /// `Ok` of every value, or the first error in order.
    fn all_ok(self) -> Result<Self::Values>;
}

/// `Ok` of every value of `results`, or the first error in order.
pub fn all_ok<R: AllOk>(results: R) -> Result<R::Values> {
    results.all_ok()
}

macro_rules! all_ok_tuple {
    ($($value:ident $result:ident),+) => {
        impl<$($value),+> AllOk for ($(Result<$value>,)+) {
            type Values = ($($value,)+);

            #[allow(non_snake_case)]
            fn all_ok(self) -> Result<Self::Values> {
                let ($($result,)+) = self;
                Ok(($($result?,)+))
            }
        }
    };
}

all_ok_tuple!(A0 a0);
all_ok_tuple!(A0 a0, A1 a1);
all_ok_tuple!(A0 a0, A1 a1, A2 a2);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26, A27 a27);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26, A27 a27, A28 a28);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26, A27 a27, A28 a28, A29 a29);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26, A27 a27, A28 a28, A29 a29, A30 a30);
all_ok_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12, A13 a13, A14 a14, A15 a15, A16 a16, A17 a17, A18 a18, A19 a19, A20 a20, A21 a21, A22 a22, A23 a23, A24 a24, A25 a25, A26 a26, A27 a27, A28 a28, A29 a29, A30 a30, A31 a31);
