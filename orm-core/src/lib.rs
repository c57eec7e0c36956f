//! Runtime of [`orm`](https://docs.rs/orm): schema metadata, typed expressions,
//! statement builders, SQL rendering and the executor.
//!
//! Applications use the `orm` facade crate, which re-exports this one together
//! with the derives. The pipeline reads in module order: [`schema`](mod@schema) (what the
//! derive generates) → [`expr`] (typed columns and conditions) → [`query`]
//! (statements) → [`render`] (SQL text and bind parameters) → [`exec`] (running them).
//!
//! ```
//! use orm_core::render::SqlWriter;
//!
//! let mut w = SqlWriter::new();
//! w.push_sql("SELECT * FROM ");
//! w.push_ident("users");
//! assert_eq!(w.sql(), r#"SELECT * FROM "users""#);
//! ```

pub mod error;
pub mod exec;
pub mod expr;
pub mod keyset;
mod local;
pub mod query;
pub mod raw;
pub mod relation;
pub mod render;
pub mod row;
pub mod schema;
pub mod table;
pub mod testing;
pub mod types;
pub mod validate;

pub use error::{Error, Result};
pub use exec::{
    Connection, Db, DbBuilder, Executor, Isolation, PoolStatus, PoolerMode, SslMode, Transaction,
    TransactionOptions,
};
pub use expr::{Column, Condition, ExprOps, Expression, excluded, not};
pub use keyset::{Cursor, Page};
pub use query::{Prepared, Statement, prepare};
pub use raw::Sql;
pub use relation::LoadRelation;
pub use row::FromRow;
pub use schema::{Schema, SchemaItem};
pub use table::{Insertable, Patch, PrimaryKey, Table, Versioned};
pub use types::{ColumnType, Json, PgEnum};
pub use validate::ValidationErrors;

pub use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
#[cfg(feature = "decimal")]
pub use rust_decimal::Decimal;
pub use uuid::Uuid;

/// What `#[derive(Table)]` and `#[derive(PgEnum)]` generate code against. Not a public API.
#[doc(hidden)]
pub mod __private;

/// Builds a [`Schema`] from derived tables and enums, in any order:
/// `orm::schema![User, Post, Role]`.
///
/// Enum types used by a listed table's columns are included with it.
#[macro_export]
macro_rules! schema {
    ($($item:ty),* $(,)?) => {{
        let mut schema = $crate::Schema::new();
        $( schema.add::<$item>(); )*
        schema
    }};
}
