//! `Db`: a pool of connections to one PostgreSQL database.

use std::sync::Arc;

use deadpool_postgres::{Pool, PoolError, TimeoutType};

use super::builder::DbBuilder;
use super::cancel::Canceller;
use super::client::{ClientRef, Executor, PoolParts};
use super::connect_error::{ConnectFacts, connect_error};
use super::connection::Connection;
use super::conninfo::ConnInfo;
use super::lifetime::MaxLifetime;
use super::pooler::PoolerMode;
use super::reset::ChangedSessions;
use super::statement_types::StatementTypes;
use super::tls::unchecked_connector;
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
    /// How cancel requests are sent: where the connections go, over their TLS.
    canceller: Canceller,
    /// What a failed connection attempt is explained with (the user, the TLS settings).
    facts: Arc<ConnectFacts>,
    /// Sessions raw SQL may have changed: reset before their next caller.
    changed: Arc<ChangedSessions>,
}

impl Db {
    /// Connects with default pool settings and checks that the server answers.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::builder(url).connect().await
    }

    /// Pool settings for a libpq connection string, read as `psql` reads it: a URL
    /// (`postgres://user:password@host:5432/db?sslmode=verify-full`, several
    /// `host:port`s separated by commas, `%2F`-encoded socket directories, `[::1]`) or
    /// `key=value` pairs (`host=db user=app password='a b'`).
    ///
    /// What the string leaves out comes from libpq's environment variables
    /// (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGAPPNAME`,
    /// `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`, `PGCONNECT_TIMEOUT`, ..),
    /// so `Db::builder("")` connects from them alone; then from libpq's defaults: the
    /// operating system's user name, and the local server's socket directory
    /// (`/var/run/postgresql` or `/tmp`) when one is there, else `localhost`.
    ///
    /// orm reads `sslmode` (all of libpq's values, see [`SslMode`](super::SslMode)), `sslrootcert`
    /// (a PEM file, or `system`), `sslcert`, `sslkey` and `pooler_mode`; every other
    /// key goes to tokio-postgres. A string that cannot be read is
    /// [`Error::InvalidUrl`] from [`build`](DbBuilder::build), whose text never
    /// contains the password.
    ///
    /// ```no_run
    /// # async fn demo() -> orm_core::Result<()> {
    /// let db = orm_core::Db::builder("postgres://app@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem")
    ///     .max_size(8)
    ///     .connect()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(url: &str) -> DbBuilder {
        DbBuilder::from_conninfo(ConnInfo::parse(url, &|name| std::env::var(name).ok()))
    }

    /// Wraps a deadpool-postgres pool the application built itself. Its page cursors
    /// are signed with a random key (see [`DbBuilder::cursor_key`]); its cancel
    /// requests go over TLS when the server offers it, without checking the certificate.
    pub fn from_pool(pool: Pool) -> Db {
        let parts = DbParts {
            log_values: false,
            cursor_key: CursorKey::random(),
            max_lifetime: None,
            pooler_mode: PoolerMode::Session,
            canceller: Canceller::driver_only(unchecked_connector()),
            facts: Arc::default(),
        };
        Db::new(pool, parts)
    }

    pub(super) fn new(pool: Pool, parts: DbParts) -> Db {
        let DbParts { log_values, cursor_key, max_lifetime, pooler_mode, canceller, facts } = parts;
        let pooler = match pooler_mode {
            PoolerMode::Transaction => Some(Arc::new(StatementTypes::new(pool.clone()))),
            PoolerMode::Session => None,
        };
        let changed = Arc::default();
        Db { pool, log_values, cursor_key, max_lifetime, pooler, canceller, facts, changed }
    }

    /// The underlying pool. Connections taken from it directly bypass orm: nothing
    /// marks a session they change, so the next caller may find their `SET`s (raw SQL
    /// run through [`Db`] or its connections is reset before the next caller).
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
        Ok(Connection::new(
            object,
            self.log_values,
            self.cursor_key.clone(),
            self.max_lifetime,
            self.canceller.clone(),
            self.changed.clone(),
        ))
    }

    /// Fails with [`Error::NeedsSession`] naming `feature` and what to do `instead`
    /// when the pool is in [`PoolerMode::Transaction`].
    pub(crate) fn refuse_in_pooler_mode(&self, feature: &'static str, instead: &'static str) -> Result<()> {
        match self.pooler {
            Some(_) => Err(Error::NeedsSession { feature, instead }),
            None => Ok(()),
        }
    }

    /// A connection of the pool, ready for its caller: a session raw SQL may have
    /// changed is reset first, or closed (and the next one taken) if the reset fails.
    pub(super) async fn checkout(&self) -> Result<deadpool_postgres::Object> {
        match &self.pooler {
            // Connections retired by the pooler mode are closed on the way. Nothing is
            // reset: the server sessions are the pooler's (see `PoolerMode::Transaction`).
            Some(types) => types.checkout().await.map_err(|err| pool_error(err, &self.facts)),
            None => loop {
                let object = self.pool.get().await.map_err(|err| pool_error(err, &self.facts))?;
                if let Some(object) = self.changed.settle(object).await {
                    return Ok(object);
                }
            },
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
        let pool =
            PoolParts { pooler: self.pooler.as_deref(), canceller: &self.canceller, changed: &self.changed };
        Ok(ClientRef::pooled(self.checkout().await?, self.log_values, self.max_lifetime, pool))
    }

    fn cursor_key(&self) -> &CursorKey {
        &self.cursor_key
    }
}

fn pool_error(err: PoolError, facts: &ConnectFacts) -> Error {
    match err {
        PoolError::Timeout(TimeoutType::Wait) => Error::PoolTimeout,
        PoolError::Backend(err) => connect_error(err, facts),
        PoolError::Timeout(TimeoutType::Create) => Error::Connection { source: Box::new(CreateTimeout(err)) },
        other => Error::Connection { source: Box::new(other) },
    }
}

/// Opening a connection took longer than the pool allows: says which setting that is.
#[derive(Debug)]
struct CreateTimeout(PoolError);

impl std::fmt::Display for CreateTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "opening a connection took longer than `DbBuilder::create_timeout` (default 10 s): \
             check that the host and port answer, or raise the timeout",
        )
    }
}

impl std::error::Error for CreateTimeout {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// What [`DbBuilder::build`] hands a new [`Db`] besides its pool.
pub(super) struct DbParts {
    pub(super) log_values: bool,
    pub(super) cursor_key: CursorKey,
    pub(super) max_lifetime: Option<MaxLifetime>,
    pub(super) pooler_mode: PoolerMode,
    pub(super) canceller: Canceller,
    pub(super) facts: Arc<ConnectFacts>,
}
