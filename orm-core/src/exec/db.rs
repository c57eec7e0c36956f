//! `Db`: a pool of connections to one PostgreSQL database.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime, TimeoutType};
use tokio_postgres::NoTls;

use super::client::{ClientRef, Executor};
use super::connection::Connection;
use super::pooler::PoolerMode;
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
        }
    }

    /// Wraps a deadpool-postgres pool the application built itself. Its page cursors
    /// are signed with a random key (see [`DbBuilder::cursor_key`]).
    pub fn from_pool(pool: Pool) -> Db {
        Db { pool, log_values: false, cursor_key: CursorKey::random(), pooler: None }
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
        Ok(Connection::new(self.checkout().await?, self.log_values, self.cursor_key.clone()))
    }

    /// Fails with [`Error::NeedsSession`] naming `feature` and what to do `instead`
    /// when the pool is in [`PoolerMode::Transaction`].
    pub(crate) fn refuse_in_pooler_mode(&self, feature: &'static str, instead: &'static str) -> Result<()> {
        match self.pooler {
            Some(_) => Err(Error::NeedsSession { feature, instead }),
            None => Ok(()),
        }
    }

    async fn checkout(&self) -> Result<deadpool_postgres::Object> {
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
        Ok(ClientRef::pooled(self.checkout().await?, self.log_values, self.pooler.as_deref()))
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

/// Settings for a [`Db`] pool; finish with [`connect`](Self::connect).
#[derive(Debug)]
#[must_use = "call `.connect().await` to build the pool"]
pub struct DbBuilder {
    config: Result<tokio_postgres::Config>,
    max_size: usize,
    wait_timeout: Option<Duration>,
    create_timeout: Option<Duration>,
    log_values: bool,
    cursor_key: Option<CursorKey>,
    pooler_mode: PoolerMode,
}

impl DbBuilder {
    /// Settings for an already parsed connection config.
    pub fn from_config(config: tokio_postgres::Config) -> Self {
        DbBuilder { config: Ok(config), ..Db::builder("") }
    }

    /// The most connections the pool opens (default 16).
    pub fn max_size(mut self, max_size: usize) -> Self {
        self.max_size = max_size.max(1);
        self
    }

    /// How long a caller waits for a free connection before [`Error::PoolTimeout`]
    /// (default 30 s; `None` waits forever).
    pub fn wait_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.wait_timeout = timeout;
        self
    }

    /// How long opening a new connection may take (default 10 s; `None` waits forever).
    pub fn create_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.create_timeout = timeout;
        self
    }

    /// Records bound values in each statement's tracing span (field `params`). Off by
    /// default: values may be personal data or secrets, so logging them is a decision.
    pub fn log_bound_values(mut self, on: bool) -> Self {
        self.log_values = on;
        self
    }

    /// The secret that signs (HMAC-SHA256) the [`Cursor`](crate::Cursor)s of keyset
    /// pages read through this pool, its connections and transactions.
    ///
    /// Without one, the pool draws a random key when it is built: cursors then only
    /// work on that pool, and not after a restart or on another instance of the
    /// application. Set the same 32 random bytes on every instance (e.g. from a
    /// secret store) for cursors that survive both; change them to void every cursor.
    ///
    /// ```no_run
    /// # async fn demo(secret: [u8; 32]) -> orm_core::Result<()> {
    /// let db = orm_core::Db::builder("postgres://postgres@127.0.0.1:5432/app").cursor_key(secret).connect().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn cursor_key(mut self, secret: [u8; 32]) -> Self {
        self.cursor_key = Some(CursorKey::new(&secret));
        self
    }

    /// Whether a transaction pooler (PgBouncer or Supavisor in transaction mode) sits
    /// between the application and PostgreSQL; see [`PoolerMode`]. The URL parameter
    /// `pooler_mode=transaction` sets the same.
    pub fn pooler_mode(mut self, mode: PoolerMode) -> Self {
        self.pooler_mode = mode;
        self
    }

    /// Builds the pool without opening a connection.
    ///
    /// In [`PoolerMode::Transaction`], a config carrying startup `options` (where
    /// `statement_timeout` and the like travel) fails with [`Error::NeedsSession`]:
    /// PgBouncer refuses them ("unsupported startup parameter: options").
    pub fn build(self) -> Result<Db> {
        let config = self.config?;
        if self.pooler_mode == PoolerMode::Transaction && config.get_options().is_some() {
            return Err(Error::NeedsSession {
                feature: "startup options (`statement_timeout`, `lock_timeout`, `options=..`)",
                instead: "PgBouncer refuses them (unsupported startup parameter: options); set them on the role \
                          the application connects as (`ALTER ROLE app SET statement_timeout = '30s'`) \
                          and leave them out of the pool's settings",
            });
        }
        let manager =
            Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(self.max_size)
            .wait_timeout(self.wait_timeout)
            .create_timeout(self.create_timeout)
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| Error::Connection { source: Box::new(e) })?;
        let cursor_key = self.cursor_key.unwrap_or_else(CursorKey::random);
        let pooler = match self.pooler_mode {
            PoolerMode::Transaction => Some(Arc::new(StatementTypes::new(pool.clone()))),
            PoolerMode::Session => None,
        };
        Ok(Db { pool, log_values: self.log_values, cursor_key, pooler })
    }

    /// Builds the pool and opens one connection, so an unreachable server fails here.
    pub async fn connect(self) -> Result<Db> {
        let db = self.build()?;
        drop(db.checkout().await?);
        Ok(db)
    }
}
