//! `DbBuilder`: the settings of a [`Db`] pool and of each connection it opens.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};

use super::cancel::Canceller;
use super::connect_error::ConnectFacts;
use super::conninfo::ConnInfo;
use super::db::{Db, DbParts};
use super::lifetime::{MaxLifetime, PoolLifetimes};
use super::maintenance;
use super::pooler::PoolerMode;
use super::startup::StartupSettings;
use super::tls::{self, RootCert, SslMode, TlsOptions};
use crate::error::{Error, Result};
use crate::keyset::CursorKey;

/// Settings for a [`Db`] pool; finish with [`connect`](Self::connect).
#[derive(Debug)]
#[must_use = "call `.connect().await` to build the pool"]
pub struct DbBuilder {
    pub(super) config: Result<tokio_postgres::Config>,
    /// `sslmode`, `sslrootcert`, `sslcert`, `sslkey`.
    pub(super) tls: TlsOptions,
    pub(super) max_size: usize,
    pub(super) wait_timeout: Option<Duration>,
    pub(super) create_timeout: Option<Duration>,
    pub(super) log_values: bool,
    pub(super) cursor_key: Option<CursorKey>,
    pub(super) pooler_mode: PoolerMode,
    /// What each new connection is opened with.
    pub(super) startup: StartupSettings,
    /// How long connections live in the pool.
    pub(super) lifetimes: PoolLifetimes,
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

    pub(super) fn from_conninfo(info: Result<ConnInfo>) -> Self {
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
            startup: StartupSettings::default(),
            lifetimes: PoolLifetimes::default(),
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

    /// The server cancels any statement that runs longer (PostgreSQL's
    /// `statement_timeout`, SQLSTATE 57014). Sent with each connection's startup
    /// packet, so it costs no round trip; `SET statement_timeout` in a transaction
    /// still overrides it there. Rounded up to whole milliseconds; zero turns it off.
    /// About 30 s suits web requests; background jobs want minutes, on a pool of their own.
    ///
    /// The three server timeouts travel as the startup parameter `options`, which some
    /// poolers refuse (PgBouncer 1.18: "unsupported startup parameter: options"):
    /// behind one, set them on the role instead (`ALTER ROLE app SET statement_timeout = '30s'`).
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.startup.statement_timeout = Some(timeout);
        self
    }

    /// The server gives up waiting for a lock after this long (PostgreSQL's
    /// `lock_timeout`, SQLSTATE 55P03), so that a statement stuck behind a migration's
    /// lock fails fast instead of queueing every request behind it. Sent at startup
    /// like [`statement_timeout`](Self::statement_timeout).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.startup.lock_timeout = Some(timeout);
        self
    }

    /// The server ends a session whose transaction stays open and idle this long
    /// (PostgreSQL's `idle_in_transaction_session_timeout`), releasing its locks; the
    /// pool replaces the connection. Sent at startup like
    /// [`statement_timeout`](Self::statement_timeout).
    pub fn idle_in_transaction_session_timeout(mut self, timeout: Duration) -> Self {
        self.startup.idle_in_transaction_session_timeout = Some(timeout);
        self
    }

    /// How long opening the TCP connection to each of the server's addresses may take
    /// (the URL's `connect_timeout`). The whole handshake (TLS, authentication) is
    /// bounded by [`create_timeout`](Self::create_timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.startup.connect_timeout = Some(timeout);
        self
    }

    /// Turns TCP keepalives on, probing a connection after it has been silent this
    /// long (libpq's `keepalives_idle`; the driver's default is 2 hours). Set it below
    /// the idle timeout of any NAT, load balancer or firewall on the way (often 4 to
    /// 10 minutes in clouds), so that they do not silently drop pooled connections.
    pub fn keepalives_idle(mut self, idle: Duration) -> Self {
        self.startup.keepalives_idle = Some(idle);
        self
    }

    /// Turns TCP keepalives on, with this long between unanswered probes (libpq's
    /// `keepalives_interval`) before the connection is declared dead.
    pub fn keepalives_interval(mut self, interval: Duration) -> Self {
        self.startup.keepalives_interval = Some(interval);
        self
    }

    /// The name the server shows for these connections in `pg_stat_activity` and its
    /// log (`application_name`). Without it (and without one in the URL), the
    /// program's file name is used.
    pub fn application_name(mut self, name: &str) -> Self {
        self.startup.application_name = Some(name.to_owned());
        self
    }

    /// Connections older than this are closed instead of going back to the pool, and
    /// idle ones are closed once they reach it; none is handed out past it. Each
    /// connection's own limit is drawn between nine tenths of `lifetime` and
    /// `lifetime`, so connections opened together do not all close together. Set it
    /// a little below any limit on the way (a proxy's, a load balancer's, a credential
    /// rotation's); 30 minutes is a common choice.
    pub fn max_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetimes.max_lifetime = Some(lifetime);
        self
    }

    /// Closes connections not handed out for this long, keeping
    /// [`min_idle`](Self::min_idle) idle ones, so that a pool shrinks back after a
    /// burst. Checked at most a second apart (more often for short timeouts).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.lifetimes.idle_timeout = Some(timeout);
        self
    }

    /// Keeps at least this many idle connections open, as far as
    /// [`max_size`](Self::max_size) allows, so that a burst finds them ready: they are
    /// opened in the background after the pool is built and whenever idle ones are
    /// closed or taken, without running anything on them.
    pub fn min_idle(mut self, min_idle: usize) -> Self {
        self.lifetimes.min_idle = min_idle;
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

    /// Builds the pool without opening a connection (unless [`min_idle`](Self::min_idle)
    /// asks for warm ones: they open in the background).
    ///
    /// # Panics
    ///
    /// With [`max_lifetime`](Self::max_lifetime), [`idle_timeout`](Self::idle_timeout)
    /// or [`min_idle`](Self::min_idle) set, outside a Tokio runtime: those start the
    /// pool's maintenance task.
    ///
    /// Reads the certificate files here: one that cannot be read is [`Error::Tls`]
    /// naming the file.
    ///
    /// In [`PoolerMode::Transaction`], a config carrying startup `options` (where
    /// `statement_timeout` and the like travel) fails with [`Error::NeedsSession`]:
    /// PgBouncer refuses them ("unsupported startup parameter: options").
    pub fn build(self) -> Result<Db> {
        let mut config = self.config?;
        self.startup.apply(&mut config);
        if self.pooler_mode == PoolerMode::Transaction && config.get_options().is_some() {
            return Err(Error::NeedsSession {
                feature: "startup options (`statement_timeout`, `lock_timeout`, `options=..`)",
                instead: "PgBouncer refuses them (unsupported startup parameter: options); set them on the role \
                          the application connects as (`ALTER ROLE app SET statement_timeout = '30s'`) \
                          and leave them out of the pool's settings",
            });
        }
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let tls = self.tls.build(home.as_deref())?;
        tls::configure(&mut config, tls.mode);
        let facts = Arc::new(ConnectFacts { user: config.get_user().map(str::to_owned), tls: tls.facts });
        let canceller = Canceller::new(tls.connector.clone(), &config);
        let manager = Manager::from_config(
            config,
            tls.connector.clone(),
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let max_lifetime = self.lifetimes.max_lifetime.map(MaxLifetime::new);
        let mut pool = Pool::builder(manager)
            .max_size(self.max_size)
            .wait_timeout(self.wait_timeout)
            .create_timeout(self.create_timeout)
            .runtime(Runtime::Tokio1);
        if let Some(max_lifetime) = max_lifetime {
            pool = pool.pre_recycle(max_lifetime.refuse_expired());
        }
        let pool = pool.build().map_err(|e| Error::Connection { source: Box::new(e) })?;
        if self.lifetimes.need_maintenance() {
            maintenance::spawn(&pool, self.lifetimes, max_lifetime);
        }
        let cursor_key = self.cursor_key.unwrap_or_else(CursorKey::random);
        let parts = DbParts {
            log_values: self.log_values,
            cursor_key,
            max_lifetime,
            pooler_mode: self.pooler_mode,
            canceller,
            facts,
        };
        Ok(Db::new(pool, parts))
    }

    /// Builds the pool and opens one connection, so an unreachable server fails here.
    pub async fn connect(self) -> Result<Db> {
        let db = self.build()?;
        drop(db.checkout().await?);
        Ok(db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_without_lifetimes_builds_outside_a_runtime() {
        DbBuilder::from_config(tokio_postgres::Config::new()).build().unwrap();
    }

    #[test]
    #[should_panic(expected = "must run inside a Tokio runtime")]
    fn lifetimes_outside_a_runtime_panic_saying_why() {
        let _ = DbBuilder::from_config(tokio_postgres::Config::new()).min_idle(1).build();
    }
}
