//! Introspection: the [`Snapshot`] of a live database, read from `pg_catalog`, and
//! the Rust source that declares it ([`rust_source`]).

mod constraints;
mod enums;
mod indexes;
#[cfg(test)]
mod postgres_tests;
mod rust_source;
mod server_form;
mod tables;
mod types;

use orm_core::{Db, Executor};

use crate::snapshot::Snapshot;

pub use rust_source::rust_source;
pub(crate) use server_form::spell_as_the_code;

/// The snapshot of the database's current schema (`current_schema()`, normally
/// `public`): its enum types, and its tables with their columns, keys, foreign
/// keys, checks and indexes, as [`Snapshot::from_schema`] describes the code. The
/// migrations tracking table `_orm_migrations` is left out.
///
/// Reading a database created from a schema's DDL ([`create_sql`](crate::create_sql))
/// gives the snapshot of that schema: the same type spellings, constraint names
/// and normalized expressions. What the snapshot format has no place for is not
/// read: `GENERATED .. AS (expr) STORED` columns (read without a default), identity
/// columns `BY DEFAULT` (read as identity), exclusion constraints, deferrable and
/// `MATCH FULL` foreign keys (read as plain foreign keys), index sort orders,
/// operator classes and `INCLUDE` columns, and partitions (their partitioned table
/// is read).
///
/// ```no_run
/// # async fn demo() -> orm_core::Result<()> {
/// let db = orm_core::Db::connect("postgres://postgres@127.0.0.1:5432/app").await?;
/// let snapshot = orm_migrate::introspect(&db).await?;
/// for table in &snapshot.tables {
///     println!("{}: {} columns", table.name, table.columns.len());
/// }
/// // The same schema as Rust declarations:
/// println!("{}", orm_migrate::rust_source(&snapshot));
/// # Ok(())
/// # }
/// ```
pub async fn introspect(db: &Db) -> Result<Snapshot, orm_core::Error> {
    let client = db.client().await?;
    Ok(introspect_current(&client).await?)
}

/// The snapshot of the session's current schema ([`introspect`] on one connection).
pub(crate) async fn introspect_current(
    client: &tokio_postgres::Client,
) -> Result<Snapshot, tokio_postgres::Error> {
    let schema: String = client.query_one("SELECT current_schema()::text", &[]).await?.get(0);
    introspect_schema(client, &schema).await
}

/// The snapshot of the PostgreSQL schema (namespace) `schema`: one catalog query
/// per kind of object, for every table at once.
///
/// While it reads, the session's `search_path` is `schema` (then set back), so
/// that PostgreSQL prints types and names in expressions unqualified, as it does
/// for the current schema: a schema read this way compares equal to the same
/// schema read as the current one.
pub(crate) async fn introspect_schema(
    client: &tokio_postgres::Client,
    schema: &str,
) -> Result<Snapshot, tokio_postgres::Error> {
    let saved: String = client
        .query_one(
            "SELECT current_setting('search_path'), set_config('search_path', quote_ident($1), false)",
            &[&schema],
        )
        .await?
        .get(0);
    let snapshot = read_schema(client, schema).await;
    // In an aborted transaction this fails too; its rollback restores the setting.
    let restored = client.execute("SELECT set_config('search_path', $1, false)", &[&saved]).await;
    let snapshot = snapshot?;
    restored?;
    Ok(snapshot)
}

/// The catalog queries of [`introspect_schema`].
async fn read_schema(
    client: &tokio_postgres::Client,
    schema: &str,
) -> Result<Snapshot, tokio_postgres::Error> {
    let enums = enums::enums(client, schema).await?;
    let mut tables = tables::tables(client, schema).await?;
    constraints::add_constraints(client, schema, &mut tables).await?;
    indexes::add_indexes(client, schema, &mut tables).await?;
    let tables = tables.into_values().collect();
    Ok(Snapshot { enums, tables, ..Snapshot::empty() }.normalized())
}
