//! Applying one migration: in a transaction with its tracking row, or statement by statement.

use std::time::{Duration, Instant};

use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

use super::error::MigrateError;
use super::migration::Migration;
use super::split::{PlainStrings, Statements};
use super::status::Applied;
use super::tracking;

/// Applies `migration` and records it; on failure nothing of a transactional
/// migration remains.
/// A statement waiting longer than `lock_wait` for a table's lock fails it with
/// [`MigrateError::TableBusy`].
pub(super) async fn apply(
    client: &Client,
    migration: &Migration,
    lock_wait: Duration,
) -> Result<Applied, MigrateError> {
    let duration = if migration.no_transaction() {
        let duration = run_statements(client, migration, lock_wait).await?;
        tracking::record(client, migration, duration).await.map_err(failed(migration, None, lock_wait))?;
        duration
    } else {
        in_transaction(client, migration).await.map_err(failed(migration, None, lock_wait))?
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
        client.batch_execute(migration.script()).await?;
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

/// Each statement on its own, outside any transaction block. The script is split as
/// it runs: a statement may change `standard_conforming_strings`, and with it how the
/// server reads the statements after it.
async fn run_statements(
    client: &Client,
    migration: &Migration,
    lock_wait: Duration,
) -> Result<Duration, MigrateError> {
    let started = Instant::now();
    let mut script = Statements::new(migration.script());
    let mut strings = plain_strings(client).await.map_err(failed(migration, None, lock_wait))?;
    while let Some(statement) = script.next(strings) {
        let failed_here = || failed(migration, Some(statement), lock_wait);
        client.batch_execute(statement).await.map_err(failed_here())?;
        strings = plain_strings(client).await.map_err(failed_here())?;
    }
    Ok(started.elapsed())
}

/// How the session reads `'..'` strings (its `standard_conforming_strings`).
pub(super) async fn plain_strings(client: &Client) -> Result<PlainStrings, tokio_postgres::Error> {
    let row = client.query_one("SHOW standard_conforming_strings", &[]).await?;
    Ok(PlainStrings::from_setting(row.get(0)))
}

/// Maps the server's error to [`MigrateError::Failed`] for `migration`, or to
/// [`MigrateError::TableBusy`] when a lock wait timed out.
fn failed(
    migration: &Migration,
    statement: Option<&str>,
    lock_wait: Duration,
) -> impl FnOnce(tokio_postgres::Error) -> MigrateError {
    move |source| {
        let (version, name) = (migration.version(), migration.name().to_owned());
        let statement = statement.map(str::to_owned);
        if source.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
            return MigrateError::TableBusy { version, name, statement, waited: lock_wait };
        }
        MigrateError::Failed { version, name, statement, source: Box::new(source.into()) }
    }
}
