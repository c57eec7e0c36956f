//! `SqlType`: the PostgreSQL type of a column.

use std::fmt;

use super::EnumMeta;

/// The PostgreSQL type of a column, as `CREATE TABLE` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SqlType {
    /// `boolean`
    Boolean,
    /// `smallint`
    SmallInt,
    /// `integer`
    Integer,
    /// `bigint`
    BigInt,
    /// `real`
    Real,
    /// `double precision`
    Double,
    /// `text`
    Text,
    /// `varchar(n)`
    Varchar(u32),
    /// `numeric` or `numeric(precision, scale)`
    Numeric(Option<(u32, u32)>),
    /// `bytea`
    Bytea,
    /// `uuid`
    Uuid,
    /// `timestamptz`
    Timestamptz,
    /// `timestamp` (without time zone)
    Timestamp,
    /// `date`
    Date,
    /// `time` (without time zone)
    Time,
    /// `jsonb`
    Jsonb,
    /// A one-dimensional array of the element type, `T[]`.
    Array(&'static SqlType),
    /// A user-defined enum type (`#[derive(PgEnum)]`).
    Enum(&'static EnumMeta),
}

impl SqlType {
    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &SqlType {
        match self {
            SqlType::Array(inner) => inner,
            other => other,
        }
    }
}

impl fmt::Display for SqlType {
    /// Writes the type as DDL spells it; enum names are written bare (quoting is the renderer's job).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Boolean => f.write_str("boolean"),
            SqlType::SmallInt => f.write_str("smallint"),
            SqlType::Integer => f.write_str("integer"),
            SqlType::BigInt => f.write_str("bigint"),
            SqlType::Real => f.write_str("real"),
            SqlType::Double => f.write_str("double precision"),
            SqlType::Text => f.write_str("text"),
            SqlType::Varchar(n) => write!(f, "varchar({n})"),
            SqlType::Numeric(None) => f.write_str("numeric"),
            SqlType::Numeric(Some((p, s))) => write!(f, "numeric({p}, {s})"),
            SqlType::Bytea => f.write_str("bytea"),
            SqlType::Uuid => f.write_str("uuid"),
            SqlType::Timestamptz => f.write_str("timestamptz"),
            SqlType::Timestamp => f.write_str("timestamp"),
            SqlType::Date => f.write_str("date"),
            SqlType::Time => f.write_str("time"),
            SqlType::Jsonb => f.write_str("jsonb"),
            SqlType::Array(inner) => write!(f, "{inner}[]"),
            SqlType::Enum(meta) => f.write_str(meta.name),
        }
    }
}
