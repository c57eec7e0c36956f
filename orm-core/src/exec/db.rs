//! `Db`: a pool of connections to one PostgreSQL database.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Pool, PoolError, TimeoutType};

use super::builder::DbBuilder;
use super::client::{ClientRef, Executor};
use super::connection::Connection;
use super::lifetime::{MaxLifetime, PoolLifetimes};
use super::pooler::PoolerMode;
use super::startup::StartupSettings;
use super::statement_types::StatementTypes;
use crate::error::{Error, Result};
use crate::keyset::CursorKey;

/// A pool of connections to one PostgreSQL database; cheap to clone and share.
///
/// ```no_run
/// # async fn demo() -> orm_core::Result<()> {
/// use orm_core::{Db, Executor};
///
/// let db = Db::connect("postgres://postgres@127.0.0.1:5432/postgres").await?;
/// db.batch_execute("CREATE TABLE IF NOT EXISTS notes (body text)").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    log_values: bool,
    cursor_key: CursorKey,
    /// Connections older than this are closed when they come back (`DbBuilder::max_lifetime`).
    max_lifetime: Option<MaxLifetime>,
    /// What the pool learned of its statements' types, in [`PoolerMode::Transaction`].
    pooler: Option<Arc<StatementTypes>>,
}

impl Db {
    /// Connects with default pool settings and checks that the server answers.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::builder(url).connect().await
    }

    /// Pool settings for `url`: size and timeouts.
    pub fn builder(url: &str) -> DbBuilder {
        DbBuilder {
            config: tokio_postgres::Config::from_str(url).map_err(|e| Error::InvalidUrl(e.to_string())),
            max_size: 16,
            wait_timeout: Some(Duration::from_secs(30)),
            create_timeout: Some(Duration::from_secs(10)),
            log_values: false,
            cursor_key: None,
            pooler_mode: PoolerMode::Session,
            startup: StartupSettings::default(),
            lifetimes: PoolLifetimes::default(),
        }
    }

    /// Wraps a deadpool-postgres pool the application built itself. Its page cursors
    /// are signed with a random key (see [`DbBuilder::cursor_key`]).
    pub fn from_pool(pool: Pool) -> Db {
        Db::new(pool, false, CursorKey::random(), None, PoolerMode::Session)
    }

    pub(super) fn new(
        pool: Pool,
        log_values: bool,
        cursor_key: CursorKey,
        max_lifetime: Option<MaxLifetime>,
        pooler_mode: PoolerMode,
    ) -> Db {
        let pooler = match pooler_mode {
            PoolerMode::Transaction => Some(Arc::new(StatementTypes::new(pool.clone()))),
            PoolerMode::Session => None,
        };
        Db { pool, log_values, cursor_key, max_lifetime, pooler }
    }

    /// The underlying pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Checks one connection out of the pool, for statements that must share a session.
    ///
    /// In [`PoolerMode::Transaction`] this fails with [`Error::NeedsSession`]: through a
    /// transaction pooler, consecutive statements of one connection may run on different
    /// server sessions. A transaction keeps one for its length.
    pub async fn connection(&self) -> Result<Connection> {
        self.refuse_in_pooler_mode(
            "a held connection (`Db::connection`)",
            "consecutive statements may run on different server sessions; run them in `db.transaction(..)`, \
             which keeps one server session for its length, or connect past the pooler (e.g. Supabase's \
             direct port 5432) for work that needs a session, such as migrations",
        )?;
        let object = self.checkout().await?;
        Ok(Connection::new(object, self.log_values, self.cursor_key.clone(), self.max_lifetime))
    }

    /// Fails with [`Error::NeedsSession`] naming `feature` and what to do `instead`
    /// when the pool is in [`PoolerMode::Transaction`].
    pub(crate) fn refuse_in_pooler_mode(&self, feature: &'static str, instead: &'static str) -> Result<()> {
        match self.pooler {
            Some(_) => Err(Error::NeedsSession { feature, instead }),
            None => Ok(()),
        }
    }

    pub(super) async fn checkout(&self) -> Result<deadpool_postgres::Object> {
        match &self.pooler {
            // Connections retired by the pooler mode are closed on the way.
            Some(types) => types.checkout().await.map_err(pool_error),
            None => self.pool.get().await.map_err(pool_error),
        }
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("status", &self.pool.status()).finish()
    }
}

impl Executor for Db {
    async fn client(&self) -> Result<ClientRef<'_>> {
        Ok(ClientRef::pooled(
            self.checkout().await?,
            self.log_values,
            self.max_lifetime,
            self.pooler.as_deref(),
        ))
    }

    fn cursor_key(&self) -> &CursorKey {
        &self.cursor_key
    }
}

fn pool_error(err: PoolError) -> Error {
    match err {
        PoolError::Timeout(TimeoutType::Wait) => Error::PoolTimeout,
        PoolError::Backend(err) => Error::from(err),
        other => Error::Connection { source: Box::new(other) },
    }
}
