//! `ColumnType` for the built-in scalar types.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use postgres_types::Json;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

use super::{ArrayElement, ColumnType, HasBase};
use crate::schema::SqlType;

macro_rules! scalar {
    ($($ty:ty => $sql:expr),* $(,)?) => {$(
        impl ColumnType for $ty {
            type Base = $ty;
            const SQL_TYPE: SqlType = $sql;
        }
        impl ArrayElement for $ty {}
        impl HasBase<$ty> for $ty {}
        impl HasBase<$ty> for Option<$ty> {}
    )*};
}

scalar! {
    bool => SqlType::Boolean,
    i16 => SqlType::SmallInt,
    i32 => SqlType::Integer,
    i64 => SqlType::BigInt,
    f32 => SqlType::Real,
    f64 => SqlType::Double,
    String => SqlType::Text,
    Uuid => SqlType::Uuid,
    DateTime<Utc> => SqlType::Timestamptz,
    NaiveDateTime => SqlType::Timestamp,
    NaiveDate => SqlType::Date,
    NaiveTime => SqlType::Time,
    serde_json::Value => SqlType::Jsonb,
}

#[cfg(feature = "decimal")]
scalar! { rust_decimal::Decimal => SqlType::Numeric(None) }

impl ColumnType for Vec<u8> {
    type Base = Vec<u8>;
    const SQL_TYPE: SqlType = SqlType::Bytea;
}
impl HasBase<Vec<u8>> for Vec<u8> {}
impl HasBase<Vec<u8>> for Option<Vec<u8>> {}

impl<T> ColumnType for Json<T>
where
    T: Serialize + DeserializeOwned + std::fmt::Debug + Send + Sync + 'static,
{
    type Base = Json<T>;
    const SQL_TYPE: SqlType = SqlType::Jsonb;
}
