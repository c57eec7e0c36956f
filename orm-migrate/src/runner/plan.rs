//! Comparing the migrations given with those applied: what to run, what to refuse, the status.

use std::collections::BTreeMap;

use super::error::MigrateError;
use super::migration::Migration;
use super::status::{MigrationState, MigrationStatus};
use super::tracking::AppliedRow;

/// The migrations to apply, in version order; or the first refusal, checked in
/// this order: an edited applied migration, an applied migration missing, a
/// pending migration older than the newest applied one (unless allowed).
pub(super) fn pending<'m>(
    migrations: &'m [Migration],
    applied: &[AppliedRow],
    allow_out_of_order: bool,
) -> Result<Vec<&'m Migration>, MigrateError> {
    let given: BTreeMap<i64, &Migration> = migrations.iter().map(|m| (m.version(), m)).collect();
    for row in applied {
        if let Some(migration) = given.get(&row.version)
            && migration.checksum() != row.checksum
        {
            let name = migration.name().to_owned();
            return Err(MigrateError::ChecksumMismatch { version: row.version, name });
        }
    }
    if let Some(row) = applied.iter().find(|row| !given.contains_key(&row.version)) {
        return Err(MigrateError::MissingOnDisk { version: row.version, name: row.name.clone() });
    }
    let done: BTreeMap<i64, &AppliedRow> = applied.iter().map(|row| (row.version, row)).collect();
    let pending: Vec<&Migration> = given.into_values().filter(|m| !done.contains_key(&m.version())).collect();
    if let (Some(&newest_applied), false) = (done.keys().next_back(), allow_out_of_order)
        && let Some(older) = pending.iter().find(|m| m.version() < newest_applied)
    {
        let (version, name) = (older.version(), older.name().to_owned());
        return Err(MigrateError::OutOfOrder { version, name, newest_applied });
    }
    Ok(pending)
}

/// Every migration given or applied, by version, with its state.
pub(super) fn statuses(migrations: &[Migration], applied: &[AppliedRow]) -> Vec<MigrationStatus> {
    let mut by_version: BTreeMap<i64, MigrationStatus> = migrations
        .iter()
        .map(|m| {
            let status = MigrationStatus {
                version: m.version(),
                name: m.name().to_owned(),
                state: MigrationState::Pending,
            };
            (m.version(), status)
        })
        .collect();
    for row in applied {
        let applied_at = row.applied_at;
        match by_version.get_mut(&row.version) {
            Some(status) if migration_checksum(migrations, row.version) == Some(row.checksum.as_str()) => {
                status.state = MigrationState::Applied { applied_at, duration: row.duration };
            }
            Some(status) => status.state = MigrationState::ChecksumMismatch { applied_at },
            None => {
                let state = MigrationState::MissingOnDisk { applied_at };
                let status = MigrationStatus { version: row.version, name: row.name.clone(), state };
                by_version.insert(row.version, status);
            }
        }
    }
    by_version.into_values().collect()
}

fn migration_checksum(migrations: &[Migration], version: i64) -> Option<&str> {
    migrations.iter().find(|m| m.version() == version).map(Migration::checksum)
}
