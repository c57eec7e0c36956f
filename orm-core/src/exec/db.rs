//! `Db`: a pool of connections to one PostgreSQL database.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime, TimeoutType};
use tokio_postgres::config::Host;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::client::{ClientRef, Executor};
use super::connect_error::{ConnectFacts, connect_error};
use super::connection::Connection;
use super::conninfo::ConnInfo;
use super::pooler::PoolerMode;
use super::tls::{RootCert, SslMode, TlsOptions, unchecked_connector};
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
    tls: MakeRustlsConnect,
    facts: Arc<ConnectFacts>,
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
    /// orm reads `sslmode` (all of libpq's values, see [`SslMode`]), `sslrootcert`
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
        Db {
            pool,
            log_values: false,
            cursor_key: CursorKey::random(),
            tls: unchecked_connector(),
            facts: Arc::default(),
        }
    }

    /// The underlying pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Checks one connection out of the pool, for statements that must share a session.
    pub async fn connection(&self) -> Result<Connection> {
        Ok(Connection::new(self.checkout().await?, self.log_values, self.cursor_key.clone()))
    }

    /// The TLS connector this pool's connections were opened with, for connections
    /// that must travel the same way (cancel requests).
    #[allow(dead_code)]
    pub(crate) fn tls_connector(&self) -> &MakeRustlsConnect {
        &self.tls
    }

    async fn checkout(&self) -> Result<deadpool_postgres::Object> {
        self.pool.get().await.map_err(|err| pool_error(err, &self.facts))
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("status", &self.pool.status()).finish()
    }
}

impl Executor for Db {
    async fn client(&self) -> Result<ClientRef<'_>> {
        Ok(ClientRef::pooled(self.checkout().await?, self.log_values))
    }

    fn cursor_key(&self) -> &CursorKey {
        &self.cursor_key
    }
}

fn pool_error(err: PoolError, facts: &ConnectFacts) -> Error {
    match err {
        PoolError::Timeout(TimeoutType::Wait) => Error::PoolTimeout,
        PoolError::Backend(err) => connect_error(err, facts),
        other => Error::Connection { source: Box::new(other) },
    }
}

/// Settings for a [`Db`] pool; finish with [`connect`](Self::connect).
#[derive(Debug)]
#[must_use = "call `.connect().await` to build the pool"]
pub struct DbBuilder {
    config: Result<tokio_postgres::Config>,
    tls: TlsOptions,
    max_size: usize,
    wait_timeout: Option<Duration>,
    create_timeout: Option<Duration>,
    log_values: bool,
    cursor_key: Option<CursorKey>,
    pooler_mode: PoolerMode,
}

impl DbBuilder {
    /// Settings for an already parsed connection config. Its `ssl_mode` is the TLS
    /// mode (`prefer` by default: TLS when the server offers it); the `PG*`
    /// variables are not read.
    pub fn from_config(config: tokio_postgres::Config) -> Self {
        let mode = match config.get_ssl_mode() {
            tokio_postgres::config::SslMode::Disable => SslMode::Disable,
            tokio_postgres::config::SslMode::Require => SslMode::Require,
            _ => SslMode::Prefer,
        };
        let tls = TlsOptions { mode: Some(mode), ..TlsOptions::default() };
        DbBuilder { config: Ok(config), tls, ..DbBuilder::defaults() }
    }

    /// A connection string read with `env` standing for the process environment.
    #[cfg(test)]
    pub(crate) fn with_env(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Self {
        DbBuilder::from_conninfo(ConnInfo::parse(url, env))
    }

    fn from_conninfo(info: Result<ConnInfo>) -> Self {
        match info {
            Ok(info) => DbBuilder {
                config: Ok(info.config),
                tls: info.tls,
                pooler_mode: info.pooler_mode.unwrap_or_default(),
                ..DbBuilder::defaults()
            },
            Err(err) => DbBuilder { config: Err(err), ..DbBuilder::defaults() },
        }
    }

    fn defaults() -> Self {
        DbBuilder {
            config: Ok(tokio_postgres::Config::new()),
            tls: TlsOptions::default(),
            max_size: 16,
            wait_timeout: Some(Duration::from_secs(30)),
            create_timeout: Some(Duration::from_secs(10)),
            log_values: false,
            cursor_key: None,
            pooler_mode: PoolerMode::Session,
        }
    }

    /// How the connections use TLS (libpq's `sslmode`; the URL's `sslmode=..` sets the
    /// same). Default [`SslMode::Prefer`], or `VerifyFull` with `ssl_root_cert("system")`.
    ///
    /// ```no_run
    /// # async fn demo() -> orm_core::Result<()> {
    /// use orm_core::{Db, SslMode};
    ///
    /// let db = Db::builder("postgres://app@db.internal/app")
    ///     .ssl_mode(SslMode::VerifyFull)
    ///     .ssl_root_cert("/etc/ssl/certs/db-ca.pem")
    ///     .connect()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn ssl_mode(mut self, mode: SslMode) -> Self {
        self.tls.mode = Some(mode);
        self
    }

    /// The CA certificate(s) (a PEM file) the server's certificate must chain to
    /// (`sslrootcert`); `"system"` trusts the platform's roots. Without one, the
    /// checking modes use `~/.postgresql/root.crt` when it exists, else the
    /// platform's roots.
    pub fn ssl_root_cert(mut self, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        self.tls.root_cert = Some(if path == Path::new("system") {
            RootCert::System
        } else {
            RootCert::File(path.to_owned())
        });
        self
    }

    /// A client certificate and its private key (PEM files; `sslcert` and `sslkey`),
    /// for servers whose pg_hba.conf says `cert` (or `clientcert=verify-full`).
    /// Without one, `~/.postgresql/postgresql.crt` and `.key` are sent when they exist.
    pub fn ssl_client_cert(mut self, cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.tls.client_cert = Some(cert.into());
        self.tls.client_key = Some(key.into());
        self
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
    /// Reads the certificate files here: one that cannot be read is [`Error::Tls`]
    /// naming the file.
    pub fn build(self) -> Result<Db> {
        let mut config = self.config?;
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let tls = self.tls.build(home.as_deref())?;
        config.ssl_mode(match tls.mode {
            SslMode::Disable => tokio_postgres::config::SslMode::Disable,
            SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                tokio_postgres::config::SslMode::Require
            }
        });
        // A `hostaddr` alone is also the name TLS checks (tokio-postgres needs one).
        if config.get_hosts().is_empty() {
            for addr in config.get_hostaddrs().to_vec() {
                config.host(addr.to_string());
            }
        }
        // As libpq: no TLS over Unix sockets, whatever sslmode says.
        let hosts = config.get_hosts();
        if !hosts.is_empty()
            && config.get_hostaddrs().is_empty()
            && hosts.iter().all(|host| !matches!(host, Host::Tcp(_)))
        {
            config.ssl_mode(tokio_postgres::config::SslMode::Disable);
        }
        let facts = Arc::new(ConnectFacts { user: config.get_user().map(str::to_owned), tls: tls.facts });
        let manager = Manager::from_config(
            config,
            tls.connector.clone(),
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(manager)
            .max_size(self.max_size)
            .wait_timeout(self.wait_timeout)
            .create_timeout(self.create_timeout)
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| Error::Connection { source: Box::new(e) })?;
        let cursor_key = self.cursor_key.unwrap_or_else(CursorKey::random);
        Ok(Db { pool, log_values: self.log_values, cursor_key, tls: tls.connector, facts })
    }

    /// Builds the pool and opens one connection, so an unreachable server fails here.
    pub async fn connect(self) -> Result<Db> {
        let db = self.build()?;
        drop(db.checkout().await?);
        Ok(db)
    }
}
