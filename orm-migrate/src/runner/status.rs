//! What a run applied, and where each migration stands: `Applied`, `MigrationStatus`.

use std::time::Duration;

use orm_core::{DateTime, Utc};

/// A migration [`Migrator::run`](crate::Migrator::run) applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The migration's version.
    pub version: i64,
    /// The migration's name.
    pub name: String,
    /// How long its SQL took.
    pub duration: Duration,
}

/// Where one migration stands, from [`Migrator::status`](crate::Migrator::status).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// The migration's version.
    pub version: i64,
    /// The migration's name (as recorded, for one missing on disk).
    pub name: String,
    /// Applied, pending or in conflict.
    pub state: MigrationState,
}

/// The state of a migration in [`MigrationStatus`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MigrationState {
    /// Applied, with the same `up.sql` as now.
    Applied {
        /// When it was applied.
        applied_at: DateTime<Utc>,
        /// How long its SQL took (to the millisecond).
        duration: Duration,
    },
    /// Not applied yet.
    Pending,
    /// Applied, but its `up.sql` changed since: a run would refuse.
    ChecksumMismatch {
        /// When it was applied.
        applied_at: DateTime<Utc>,
    },
    /// Applied, but not among the migrations given: a run would refuse.
    MissingOnDisk {
        /// When it was applied.
        applied_at: DateTime<Utc>,
    },
}
