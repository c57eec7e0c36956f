//! The tracking table `_orm_migrations`: one row per applied migration.

use std::time::Duration;

use orm_core::{DateTime, Utc};
use tokio_postgres::Client;

use super::migration::Migration;

/// Creates the tracking table when it does not exist (run under the migration lock).
const CREATE: &str = "CREATE TABLE IF NOT EXISTS _orm_migrations (
    version bigint PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms bigint NOT NULL
)";

const SELECT: &str =
    "SELECT version, name, checksum, applied_at, duration_ms FROM _orm_migrations ORDER BY version";

const INSERT: &str =
    "INSERT INTO _orm_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)";

/// A row of the tracking table.
#[derive(Debug, Clone)]
pub(super) struct AppliedRow {
    pub(super) version: i64,
    pub(super) name: String,
    pub(super) checksum: String,
    pub(super) applied_at: DateTime<Utc>,
    pub(super) duration: Duration,
}

pub(super) async fn create(client: &Client) -> Result<(), tokio_postgres::Error> {
    client.batch_execute(CREATE).await
}

/// `true` when the tracking table is visible on the search path.
pub(super) async fn exists(client: &Client) -> Result<bool, tokio_postgres::Error> {
    let row = client.query_one("SELECT to_regclass('_orm_migrations') IS NOT NULL", &[]).await?;
    Ok(row.get(0))
}

/// Every applied migration, by version.
pub(super) async fn applied(client: &Client) -> Result<Vec<AppliedRow>, tokio_postgres::Error> {
    let rows = client.query(SELECT, &[]).await?;
    Ok(rows
        .iter()
        .map(|row| AppliedRow {
            version: row.get(0),
            name: row.get(1),
            checksum: row.get(2),
            applied_at: row.get(3),
            duration: Duration::from_millis(row.get::<_, i64>(4).try_into().unwrap_or(0)),
        })
        .collect())
}

/// Records `migration` as applied, having taken `duration`.
pub(super) async fn record(
    client: &Client,
    migration: &Migration,
    duration: Duration,
) -> Result<(), tokio_postgres::Error> {
    let duration_ms = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
        [&migration.version(), &migration.name(), &migration.checksum(), &duration_ms];
    client.execute(INSERT, &params).await.map(drop)
}
