//! `Migrator`: applies pending migrations under a lock, refusing edited, missing or out-of-order ones.

mod apply;
mod error;
mod lock;
mod migration;
mod plan;
mod source;
mod split;
mod status;
mod tracking;
mod transaction_control;

use std::path::Path;
use std::time::Duration;

use deadpool_postgres::{ClientWrapper, Object, PoolError, TimeoutType};
use orm_core::Db;

pub use error::MigrateError;
pub use migration::Migration;
pub use status::{Applied, MigrationState, MigrationStatus};

/// [`Migrator::ddl_lock_timeout`]'s default.
const DEFAULT_DDL_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// Runs migrations against a database, each once, in version order.
///
/// Migrations live in `migrations/<version>_<name>/up.sql`, `<version>` a UTC
/// timestamp `YYYYMMDDHHMMSS`. Read them at start-up with [`from_dir`](Self::from_dir),
/// or compile them into the binary with [`embed_migrations!`](crate::embed_migrations):
///
/// ```no_run
/// # async fn start() -> Result<(), Box<dyn std::error::Error>> {
/// use orm_core::Db;
/// use orm_migrate::Migrator;
///
/// let db = Db::connect("postgres://postgres@127.0.0.1:5432/app").await?;
/// let applied = Migrator::from_dir("migrations")?.run(&db).await?;
/// for migration in &applied {
///     println!("applied {}_{} in {:?}", migration.version, migration.name, migration.duration);
/// }
///
/// // The same, with the SQL compiled in (the path is relative to Cargo.toml):
/// orm_migrate::embed_migrations!("tests/fixtures/migrations").run(&db).await?;
/// # Ok(())
/// # }
/// ```
///
/// [`run`](Self::run) records each applied migration in the table `_orm_migrations`
/// (version, name, SHA-256 checksum of `up.sql`, `applied_at`, `duration_ms`), and
/// refuses, before applying anything, when an applied migration's `up.sql` changed,
/// when an applied migration is missing, or when a pending migration is older than
/// the newest applied one (unless [`allow_out_of_order`](Self::allow_out_of_order)).
///
/// Several processes may run the same migrations at once: each waits for a
/// session-level advisory lock (key `8030601342179960690`, the bytes `orm_migr`;
/// in `pg_locks`, `classid` 1869770079 and `objid` 1835624306), polled with
/// `pg_try_advisory_lock` so that a waiter never blocks the holder's
/// `CREATE INDEX CONCURRENTLY`. The first applies the migrations; the others then
/// find them applied.
#[derive(Debug, Clone)]
pub struct Migrator {
    migrations: Vec<Migration>,
    allow_out_of_order: bool,
    lock_timeout: Duration,
    ddl_lock_timeout: Duration,
}

impl Migrator {
    /// Reads the migrations under `path`: one directory `<version>_<name>` holding an
    /// `up.sql` per migration. Hidden entries and plain files are skipped; any other
    /// directory, a missing `up.sql` or a repeated version is an error.
    pub fn from_dir(path: impl AsRef<Path>) -> Result<Migrator, MigrateError> {
        Migrator::new(source::read_dir(path.as_ref())?)
    }

    /// A migrator for `migrations`, which it sorts by version; two with the same
    /// version are an error.
    pub fn new(mut migrations: Vec<Migration>) -> Result<Migrator, MigrateError> {
        migrations.sort_by_key(Migration::version);
        if let Some(pair) = migrations.windows(2).find(|pair| pair[0].version() == pair[1].version()) {
            return Err(MigrateError::DuplicateVersion { version: pair[0].version() });
        }
        Ok(Migrator {
            migrations,
            allow_out_of_order: false,
            lock_timeout: Duration::from_secs(60),
            ddl_lock_timeout: DEFAULT_DDL_LOCK_TIMEOUT,
        })
    }

    /// The migrations `embed_migrations!` checked and listed: `(directory name, up.sql)`.
    #[doc(hidden)]
    pub fn from_embedded(list: &'static [(&'static str, &'static str)]) -> Migrator {
        Migrator::new(source::from_embedded(list)).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Applies pending migrations older than the newest applied one instead of
    /// refusing them (for branches merged after a newer migration ran). Off by default.
    #[must_use]
    pub fn allow_out_of_order(mut self, yes: bool) -> Self {
        self.allow_out_of_order = yes;
        self
    }

    /// How long [`run`](Self::run) waits for another migrator to finish before
    /// giving up with [`MigrateError::LockTimeout`]. 60 seconds by default.
    #[must_use]
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// How long a migration's statement may wait for a lock on a table (PostgreSQL's
    /// `lock_timeout`) before the migration is rolled back with
    /// [`MigrateError::TableBusy`]. 5 seconds by default.
    ///
    /// An `ALTER TABLE` waiting behind a long transaction makes every later reader
    /// of that table wait behind it too; giving up early keeps the application serving.
    #[must_use]
    pub fn ddl_lock_timeout(mut self, timeout: Duration) -> Self {
        self.ddl_lock_timeout = timeout;
        self
    }

    /// The migrations, in version order.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// Applies the pending migrations in version order and returns them.
    ///
    /// Each migration runs in a transaction together with its tracking row, so a
    /// failing one leaves nothing behind; one marked `-- orm:no-transaction` runs
    /// statement by statement outside a transaction. The run holds one connection
    /// of its own, taken out of the pool and closed at the end, so the lock is freed
    /// by the server even if the run is cancelled.
    pub async fn run(&self, db: &Db) -> Result<Vec<Applied>, MigrateError> {
        let client = dedicated_session(db).await?;
        lock::acquire(&client, self.lock_timeout).await?;
        // A whole number of milliseconds: nothing from outside enters the statement.
        let millis = self.ddl_lock_timeout.as_millis().max(1);
        client.batch_execute(&format!("SET lock_timeout = {millis}")).await?;
        let result = self.run_locked(&client).await;
        if let Err(err) = lock::release(&client).await {
            // The session closes when `client` drops, which frees the lock all the same.
            tracing::warn!(%err, "could not release the migration lock; closing the session frees it");
        }
        result
    }

    async fn run_locked(&self, client: &ClientWrapper) -> Result<Vec<Applied>, MigrateError> {
        tracking::create(client).await?;
        let applied = tracking::applied(client).await?;
        let pending = plan::pending(&self.migrations, &applied, self.allow_out_of_order)?;
        // Refused before the first one runs: none of the pending migrations is applied.
        // The server reads a transactional migration whole, with the session's strings.
        let strings = apply::plain_strings(client).await?;
        for migration in pending.iter().filter(|m| !m.no_transaction()) {
            if let Some(found) = transaction_control::find(migration.script(), strings) {
                return Err(MigrateError::TransactionControl {
                    version: migration.version(),
                    name: migration.name().to_owned(),
                    line: found.line,
                    statement: found.statement.to_owned(),
                });
            }
        }
        let mut done = Vec::with_capacity(pending.len());
        for migration in pending {
            done.push(apply::apply(client, migration, self.ddl_lock_timeout).await?);
        }
        Ok(done)
    }

    /// Every migration given or applied, in version order, with its state. Reads the
    /// tracking table without creating it or taking the lock.
    pub async fn status(&self, db: &Db) -> Result<Vec<MigrationStatus>, MigrateError> {
        let client = db.pool().get().await.map_err(pool_error)?;
        let applied =
            if tracking::exists(&client).await? { tracking::applied(&client).await? } else { vec![] };
        Ok(plan::statuses(&self.migrations, &applied))
    }
}

/// A connection taken out of the pool for good: dropping it closes the session.
async fn dedicated_session(db: &Db) -> Result<ClientWrapper, MigrateError> {
    let pooled = db.pool().get().await.map_err(pool_error)?;
    Ok(Object::take(pooled))
}

fn pool_error(err: PoolError) -> MigrateError {
    MigrateError::Db(match err {
        PoolError::Timeout(TimeoutType::Wait) => orm_core::Error::PoolTimeout,
        PoolError::Backend(err) => err.into(),
        other => orm_core::Error::Connection { source: Box::new(other) },
    })
}
