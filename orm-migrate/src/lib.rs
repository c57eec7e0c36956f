//! Migrations for [`orm`](https://docs.rs/orm), derived from the same table
//! metadata ([`orm_core::schema::TableMeta`]) that types the queries.
//!
//! [`create_sql`] renders the DDL that builds a [`Schema`](orm_core::Schema) in an
//! empty database: enum types, tables in foreign-key order, indexes. Every
//! identifier is quoted and every literal escaped. [`check_schema`] reports what
//! in a schema PostgreSQL would refuse or silently change (names over 63 bytes,
//! literal defaults that do not fit their column, foreign keys to unknown
//! tables, ...), before any SQL runs.
//!
//! [`Migrator`] applies the migrations of a `migrations/<version>_<name>/up.sql`
//! directory, read at start-up ([`Migrator::from_dir`]) or compiled in
//! ([`embed_migrations!`]), each once and in order, under an advisory lock so that
//! several instances of an application can start at the same time.
//!
//! ```
//! use orm::prelude::*;
//!
//! #[derive(Table)]
//! #[table(name = "notes")]
//! struct Note {
//!     #[column(primary_key, default = sql("gen_random_uuid()"))]
//!     id: Uuid,
//!     #[column(check = "length(body) > 0")]
//!     body: String,
//!     tag: Option<String>,
//! }
//!
//! let schema = orm::schema![Note];
//! orm_migrate::check_schema(&schema).expect("a valid schema");
//! let sql = orm_migrate::create_sql(&schema);
//! assert!(sql.contains(r#"CREATE TABLE "notes""#));
//! assert!(sql.contains(r#""id" uuid NOT NULL DEFAULT gen_random_uuid()"#));
//! assert!(sql.contains(r#"CONSTRAINT "notes_body_check" CHECK (length(body) > 0)"#));
//! ```

mod check;
pub mod cli;
mod ddl;
mod diff;
mod error;
#[cfg(test)]
mod fixtures;
mod introspect;
mod runner;
mod snapshot;

pub use check::check_schema;
pub use ddl::create_sql;
pub use diff::{Hazard, Plan, Refused, RefusedStep, Step, diff};
pub use error::{SchemaError, SchemaLocation, SchemaProblem};
pub use introspect::{introspect, rust_source};
pub use orm_derive::embed_migrations;
pub use runner::{Applied, MigrateError, Migration, MigrationState, MigrationStatus, Migrator};
pub use snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexKey, IndexSnapshot, KeySnapshot,
    Snapshot, SnapshotError, TableSnapshot,
};
