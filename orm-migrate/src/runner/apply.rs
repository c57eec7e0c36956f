//! Applying one migration: in a transaction with its tracking row, or statement by statement.

use std::time::{Duration, Instant};

use tokio_postgres::Client;

use super::error::MigrateError;
use super::migration::Migration;
use super::split::split_statements;
use super::status::Applied;
use super::tracking;

/// Applies `migration` and records it; on failure nothing of a transactional
/// migration remains.
pub(super) async fn apply(client: &Client, migration: &Migration) -> Result<Applied, MigrateError> {
    let duration = if migration.no_transaction() {
        let duration = run_statements(client, migration).await?;
        tracking::record(client, migration, duration).await.map_err(failed(migration, None))?;
        duration
    } else {
        in_transaction(client, migration).await.map_err(failed(migration, None))?
    };
    tracing::info!(
        version = migration.version(),
        name = migration.name(),
        duration_ms = duration.as_millis() as u64,
        "applied migration"
    );
    Ok(Applied { version: migration.version(), name: migration.name().to_owned(), duration })
}

/// `BEGIN; <up.sql>; <tracking row>; COMMIT`, rolled back on any failure.
async fn in_transaction(client: &Client, migration: &Migration) -> Result<Duration, tokio_postgres::Error> {
    client.batch_execute("BEGIN").await?;
    let started = Instant::now();
    let applied = async {
        client.batch_execute(migration.sql()).await?;
        let duration = started.elapsed();
        tracking::record(client, migration, duration).await?;
        client.batch_execute("COMMIT").await?;
        Ok(duration)
    }
    .await;
    if applied.is_err() {
        // The session closes if this fails too, which rolls the transaction back.
        let _ = client.batch_execute("ROLLBACK").await;
    }
    applied
}

/// Each statement on its own, outside any transaction block.
async fn run_statements(client: &Client, migration: &Migration) -> Result<Duration, MigrateError> {
    let started = Instant::now();
    for statement in split_statements(migration.sql()) {
        client.batch_execute(statement).await.map_err(failed(migration, Some(statement)))?;
    }
    Ok(started.elapsed())
}

/// Maps the server's error to [`MigrateError::Failed`] for `migration`.
fn failed(
    migration: &Migration,
    statement: Option<&str>,
) -> impl FnOnce(tokio_postgres::Error) -> MigrateError {
    move |source| MigrateError::Failed {
        version: migration.version(),
        name: migration.name().to_owned(),
        statement: statement.map(str::to_owned),
        source: Box::new(source.into()),
    }
}
