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
//! ```
//! use orm_core::Schema;
//! use orm_core::schema::{ColumnMeta, DefaultValue, SqlType, TableMeta};
//!
//! static NOTES: TableMeta = TableMeta {
//!     name: "notes",
//!     struct_name: "Note",
//!     columns: &[
//!         ColumnMeta {
//!             name: "id",
//!             field: "id",
//!             sql_type: SqlType::Uuid,
//!             nullable: false,
//!             default: Some(DefaultValue::Sql("gen_random_uuid()")),
//!             primary_key: true,
//!             unique: false,
//!             identity: false,
//!             references: None,
//!             check: None,
//!             renamed_from: None,
//!         },
//!         ColumnMeta {
//!             name: "body",
//!             field: "body",
//!             sql_type: SqlType::Text,
//!             nullable: true,
//!             default: None,
//!             primary_key: false,
//!             unique: false,
//!             identity: false,
//!             references: None,
//!             check: None,
//!             renamed_from: None,
//!         },
//!     ],
//!     primary_key: &["id"],
//!     indexes: &[],
//!     renamed_from: None,
//! };
//!
//! let mut schema = Schema::new();
//! schema.add_table(&NOTES);
//! orm_migrate::check_schema(&schema).expect("a valid schema");
//! let sql = orm_migrate::create_sql(&schema);
//! assert!(sql.contains(r#"CREATE TABLE "notes""#));
//! assert!(sql.contains(r#""id" uuid NOT NULL DEFAULT gen_random_uuid()"#));
//! ```

mod check;
mod ddl;
mod error;
#[cfg(test)]
mod fixtures;

pub use check::check_schema;
pub use ddl::create_sql;
pub use error::{SchemaError, SchemaLocation, SchemaProblem};
