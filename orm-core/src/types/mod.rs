//! Rust types that map to PostgreSQL column types (`ColumnType`), and `Json`.

use postgres_types::{FromSqlOwned, ToSql};

use crate::schema::{EnumMeta, SqlType};

mod key;
mod scalar;

pub use key::{Key, KeyType, Optional, Presence, Required, Wrap};

pub use postgres_types::Json;

/// A Rust type that can be stored in a column: it knows its PostgreSQL type,
/// whether it allows NULL, and how to travel as a bind parameter and back.
///
/// `Option<T>` is the nullable form of `T`; both share the same [`ColumnType::Base`],
/// which is what comparisons are checked against.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a column",
    label = "not a column type",
    note = "column types are bool, i16, i32, i64, f32, f64, String, Vec<u8>, Uuid, DateTime<Utc>, NaiveDateTime, NaiveDate, NaiveTime, Json<T>, serde_json::Value, Decimal, Vec<T> of those, #[derive(PgEnum)] enums, and Option<T> of any of them"
)]
pub trait ColumnType: ToSql + FromSqlOwned + Send + Sync + 'static {
    /// The type without its nullability: `String` for both `String` and `Option<String>`.
    type Base: ColumnType<Base = Self::Base>;
    /// The PostgreSQL type.
    const SQL_TYPE: SqlType;
    /// `true` for `Option<T>`.
    const NULLABLE: bool = false;
}

impl<T: ColumnType<Base = T>> ColumnType for Option<T> {
    type Base = T;
    const SQL_TYPE: SqlType = T::SQL_TYPE;
    const NULLABLE: bool = true;
}

impl<T: ColumnType<Base = T> + postgres_types::ToSql> ColumnType for Vec<T>
where
    T: ArrayElement,
{
    type Base = Vec<T>;
    const SQL_TYPE: SqlType = SqlType::Array(&T::SQL_TYPE);
}

/// Marks `Self` as holding values of base type `B` (`i32` and `Option<i32>` both hold `i32`).
///
/// It is what comparisons between columns check, spelled per type so that a
/// mismatch reads as a plain sentence instead of an associated-type puzzle.
#[diagnostic::on_unimplemented(
    message = "a column of type `{Self}` cannot be compared with a column of type `{B}`",
    label = "this column holds `{Self}`, not `{B}`",
    note = "both sides of a comparison must have the same SQL type"
)]
pub trait HasBase<B> {}

impl<T> HasBase<Json<T>> for Json<T> {}
impl<T> HasBase<Json<T>> for Option<Json<T>> {}
impl<T: ArrayElement> HasBase<Vec<T>> for Vec<T> {}
impl<T: ArrayElement> HasBase<Vec<T>> for Option<Vec<T>> {}

/// A column type that can be the element of a PostgreSQL array (`Vec<T>` → `T[]`).
///
/// Every non-nullable scalar column type is one; `Vec<u8>` is `bytea`, not an array.
pub trait ArrayElement {}

/// A Rust enum mapped to a PostgreSQL enum type by `#[derive(PgEnum)]`.
pub trait PgEnum: ColumnType + Copy {
    /// The enum type: its name and labels.
    const ENUM: EnumMeta;
    /// The label of this variant, as stored in the database.
    fn label(&self) -> &'static str;
    /// The variant with this label.
    fn from_label(label: &str) -> Option<Self>;
}
