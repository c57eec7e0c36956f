//! Pool health for monitoring and health endpoints: `PoolStatus`, `Db::status`, `Db::ping`.

use std::time::{Duration, Instant};

use super::client::Executor;
use super::db::Db;
use crate::error::Result;

/// A snapshot of a pool's connections, from [`Db::status`]: for metrics and health
/// endpoints. Serializes to JSON as
/// `{"max_size": 16, "size": 3, "idle": 1, "in_use": 2, "waiting": 0}`.
///
/// The numbers are read without stopping the pool, so they may be a moment apart
/// from each other under load.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct PoolStatus {
    /// The most connections the pool opens ([`DbBuilder::max_size`](super::DbBuilder::max_size));
    /// 0 once the pool is closed.
    pub max_size: usize,
    /// Connections open now, idle or in use.
    pub size: usize,
    /// Open connections waiting in the pool for a caller.
    pub idle: usize,
    /// Open connections handed out: running a statement, or held as a
    /// [`Connection`](super::Connection) or [`Transaction`](super::Transaction).
    pub in_use: usize,
    /// Callers waiting for a connection (for one to come back, or for a new one to
    /// open). Steadily above 0 means the pool is too small for the load, or
    /// connections are held too long.
    pub waiting: usize,
}

impl Db {
    /// How many connections the pool has, and how they are used.
    ///
    /// ```no_run
    /// # async fn demo(db: orm_core::Db) {
    /// let status = db.status();
    /// if status.waiting > 0 {
    ///     eprintln!("{} callers wait for one of {} connections", status.waiting, status.max_size);
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> PoolStatus {
        let status = self.pool().status();
        PoolStatus {
            max_size: status.max_size,
            size: status.size,
            idle: status.available,
            in_use: status.size - status.available,
            waiting: status.waiting,
        }
    }

    /// Checks that the database answers: takes a connection from the pool (waiting as
    /// any statement would) and sends an empty statement on it. Returns that round
    /// trip's time, not counting the wait for the connection.
    ///
    /// Fails as a statement would: [`Error::PoolTimeout`](crate::Error::PoolTimeout)
    /// when no connection came free in time, [`Error::Connection`](crate::Error::Connection)
    /// when the server cannot be reached.
    ///
    /// ```no_run
    /// # async fn demo(db: orm_core::Db) {
    /// match db.ping().await {
    ///     Ok(round_trip) => println!("up, {} ms", round_trip.as_millis()),
    ///     Err(err) => eprintln!("down: {err}"),
    /// }
    /// # }
    /// ```
    pub async fn ping(&self) -> Result<Duration> {
        let client = self.client().await?;
        let sent = Instant::now();
        client.simple_query("").await?;
        Ok(sent.elapsed())
    }
}
