//! The migration lock: a session-level advisory lock, taken by polling.
//!
//! A waiter blocked in `pg_advisory_lock` holds an open snapshot, and
//! `CREATE INDEX CONCURRENTLY` in the lock holder waits for every open snapshot
//! to end: the two would wait for each other forever. So the lock is taken with
//! `pg_try_advisory_lock`, retried while the session sits idle in between.

use std::time::{Duration, Instant};

use tokio_postgres::Client;

use super::error::MigrateError;

/// The advisory lock key: the bytes `orm_migr` read as a big-endian `bigint`
/// (8030601342179960690). In `pg_locks` it shows as `classid` 1869770079,
/// `objid` 1835624306, `objsubid` 1.
pub(super) const LOCK_KEY: i64 = i64::from_be_bytes(*b"orm_migr");

/// How long to wait between two attempts.
const POLL_INTERVAL: Duration = Duration::from_millis(150);

/// Takes the lock, polling until `timeout` has passed.
pub(super) async fn acquire(client: &Client, timeout: Duration) -> Result<(), MigrateError> {
    let started = Instant::now();
    loop {
        let row = client.query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_KEY]).await?;
        if row.get::<_, bool>(0) {
            return Ok(());
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(MigrateError::LockTimeout { waited });
        }
        tokio::time::sleep(POLL_INTERVAL.min(timeout - waited)).await;
    }
}

/// Releases the lock taken by [`acquire`] on this session.
pub(super) async fn release(client: &Client) -> Result<(), MigrateError> {
    client.query_one("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::LOCK_KEY;

    #[test]
    fn the_documented_key_and_its_pg_locks_halves() {
        assert_eq!(LOCK_KEY, 8030601342179960690);
        assert_eq!(LOCK_KEY >> 32, 1869770079);
        assert_eq!(LOCK_KEY & 0xffff_ffff, 1835624306);
    }
}
