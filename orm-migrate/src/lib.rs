//! Migrations for [`orm`](https://docs.rs/orm), derived from the same table
//! metadata ([`orm_core::schema::TableMeta`]) that types the queries.
//!
//! - [`Snapshot`]: a schema as canonical JSON (`snapshot.json` beside each
//!   migration), made from the code ([`Snapshot::from_schema`]) or read from a live
//!   database ([`introspect`]); [`rust_source`] turns one back into Rust.
//! - [`diff`]: two snapshots → a [`Plan`] of ordered [`Step`]s with up and down SQL,
//!   the [`Hazard`] of each (refused by [`Plan::check_safety`] unless data loss is
//!   allowed) and lock warnings. Renames come only from `renamed_from`.
//! - [`Migrator`] applies the migrations of a `migrations/<version>_<name>/up.sql`
//!   directory, read at start-up ([`Migrator::from_dir`]) or compiled in
//!   ([`embed_migrations!`]), each once and in order, under an advisory lock so that
//!   several instances of an application can start at the same time.
//! - [`cli::run`]: `generate`, `migrate`, `status`, `check`, `push`, `introspect`
//!   and `studio` for an application's schema, in one line of its `src/bin/migrate.rs`.
//! - `studio` (feature `studio`): a local web page to browse and edit the database
//!   through the schema, served by Axum.
//! - [`create_sql`] renders the DDL of a whole schema for an empty database, and
//!   [`check_schema`] reports what PostgreSQL would refuse or silently change
//!   (names over 63 bytes, literal defaults that do not fit their column, foreign
//!   keys to unknown tables, ...) before any SQL runs.
//!
//! ```
//! use orm::prelude::*;
//! use orm_migrate::{Snapshot, diff};
//!
//! #[derive(Table)]
//! #[table(name = "notes")]
//! struct Note {
//!     #[column(primary_key, default = sql("gen_random_uuid()"))]
//!     id: Uuid,
//!     #[column(check = "length(body) > 0")]
//!     body: String,
//! }
//!
//! mod next {
//!     use orm::prelude::*;
//!     #[derive(Table)]
//!     #[table(name = "notes")]
//!     pub struct Note {
//!         #[column(primary_key, default = sql("gen_random_uuid()"))]
//!         pub id: Uuid,
//!         #[column(check = "length(body) > 0")]
//!         pub body: String,
//!         pub tag: Option<String>,
//!     }
//! }
//!
//! let schema = orm::schema![Note];
//! orm_migrate::check_schema(&schema).expect("a valid schema");
//! let sql = orm_migrate::create_sql(&schema);
//! assert!(sql.contains(r#""id" uuid NOT NULL DEFAULT gen_random_uuid()"#));
//! assert!(sql.contains(r#"CONSTRAINT "notes_body_check" CHECK (length(body) > 0)"#));
//!
//! // The next version adds a nullable column: one step, safe, reversible.
//! let plan = diff(&Snapshot::from_schema(&schema), &Snapshot::from_schema(&orm::schema![next::Note]));
//! assert_eq!(plan.steps()[0].sql(), "ALTER TABLE \"notes\" ADD COLUMN \"tag\" text;\n");
//! assert_eq!(plan.steps()[0].down_sql(), Some("ALTER TABLE \"notes\" DROP COLUMN \"tag\";\n"));
//! assert!(plan.check_safety(false, |_| None).is_ok());
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
#[cfg(feature = "studio")]
pub mod studio;

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
