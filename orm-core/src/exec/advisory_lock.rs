//! `Db::with_advisory_lock`: work that runs while this session holds a PostgreSQL
//! session-level advisory lock, released on every path out.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;

use super::client::Executor;
use super::connection::Connection;
use super::db::Db;
use crate::error::{Error, Result};

/// A connection holding (or maybe holding) an advisory lock. Dropped without
/// [`release`](Self::release) — a cancelled future, a failed unlock — it closes the
/// connection instead of returning it to the pool: the server then drops the session's
/// locks, so a lock can never leak into the pool with its session.
struct LockedSession(Option<Connection>);

impl LockedSession {
    fn conn(&self) -> &Connection {
        self.0.as_ref().expect("the connection is only taken on release or drop")
    }

    /// The lock is released: the connection may go back to the pool.
    fn release(mut self) {
        drop(self.0.take());
    }
}

impl Drop for LockedSession {
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            conn.close();
        }
    }
}

/// Releases every session-level advisory lock the session holds: `key`, however many
/// times it was taken, and any other the work took on this connection (raw SQL). The
/// session was this call's alone, so nothing it holds may go back to the pool with it.
async fn unlock_all(conn: &Connection) -> Result<()> {
    let client = conn.client().await?;
    let statement = client.prepare_cached("SELECT pg_advisory_unlock_all()").await?;
    client.execute(&statement, &[]).await?;
    Ok(())
}

/// A connection of `db`, its lock not taken yet: dropping it closes the connection,
/// so a lock granted while this future is being cancelled is never kept.
async fn session(db: &Db) -> Result<LockedSession> {
    db.refuse_in_pooler_mode(
        "a session-level advisory lock (`with_advisory_lock`)",
        "the lock would stay on one server session while the work runs on others; take \
         `SELECT pg_advisory_xact_lock($1)` inside `db.transaction(..)` instead: the transaction keeps one \
         server session, and the lock ends with it",
    )?;
    Ok(LockedSession(Some(db.connection().await?)))
}

/// Runs a lock function of `key` on the session and returns what it answers.
async fn call(conn: &Connection, sql: &str, key: i64) -> Result<tokio_postgres::Row> {
    let client = conn.client().await?;
    let statement = client.prepare_cached(sql).await?;
    Ok(client.query_one(&statement, &[&key]).await?)
}

/// Runs `work` on the session holding the lock and releases it however `work` ends.
async fn run_locked<T, Er, F>(session: LockedSession, work: F) -> Result<T, Er>
where
    F: AsyncFnOnce(&Connection) -> Result<T, Er>,
    Er: From<Error>,
{
    let outcome = AssertUnwindSafe(work(session.conn())).catch_unwind().await;
    // Released before the result (or the panic) travels on, so that the next caller
    // finds the lock free. Should unlocking fail, dropping `session` closes the
    // connection, which releases the lock on the server.
    if unlock_all(session.conn()).await.is_ok() {
        session.release();
    }
    match outcome {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

impl Db {
    /// Runs `work` while holding the session-level advisory lock `key`, waiting for it
    /// as long as another session holds it. Every caller that locks the same key runs
    /// its work alone, across processes and machines sharing the database.
    ///
    /// The lock is released however `work` ends: returning `Ok` or `Err`, or panicking
    /// (released, then the panic goes on). If this future is dropped, the connection is
    /// closed rather than returned to the pool, and the server releases the lock. Any
    /// other session-level advisory lock `work` takes on its connection is released with
    /// it, so the session goes back to the pool holding none.
    ///
    /// `work` gets the connection that holds the lock; statements it runs elsewhere (on
    /// `db`) run on other sessions, which is fine: the lock guards the critical section,
    /// not a session's statements.
    ///
    /// A pool in [`PoolerMode::Transaction`](crate::PoolerMode::Transaction) refuses with
    /// [`Error::NeedsSession`]: take `pg_advisory_xact_lock` inside a transaction instead.
    ///
    /// ```no_run
    /// # async fn demo(db: &orm_core::Db) -> orm_core::Result<()> {
    /// use orm_core::Executor;
    ///
    /// const NIGHTLY_REPORT: i64 = 42;
    /// db.with_advisory_lock(NIGHTLY_REPORT, async |conn| {
    ///     conn.batch_execute("REFRESH MATERIALIZED VIEW report").await
    /// })
    /// .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn with_advisory_lock<T, Er, F>(&self, key: i64, work: F) -> Result<T, Er>
    where
        F: AsyncFnOnce(&Connection) -> Result<T, Er>,
        Er: From<Error>,
    {
        let session = session(self).await?;
        call(session.conn(), "SELECT pg_advisory_lock($1)", key).await?;
        run_locked(session, work).await
    }

    /// Like [`with_advisory_lock`](Self::with_advisory_lock), but does not wait: when
    /// another session holds the lock, returns `Ok(None)` at once without running `work`.
    pub async fn try_with_advisory_lock<T, Er, F>(&self, key: i64, work: F) -> Result<Option<T>, Er>
    where
        F: AsyncFnOnce(&Connection) -> Result<T, Er>,
        Er: From<Error>,
    {
        let session = session(self).await?;
        let answer = call(session.conn(), "SELECT pg_try_advisory_lock($1)", key).await?;
        let taken: bool = answer.try_get(0).map_err(Error::from)?;
        if !taken {
            session.release();
            return Ok(None);
        }
        run_locked(session, work).await.map(Some)
    }
}
