//! Test support: a fresh database per test on the server
//! [`find_database`] finds (`DATABASE_URL`, the local
//! server, or a private server it starts).

mod round_trips;

pub use round_trips::RoundTrips;

use std::ops::Deref;
use std::sync::OnceLock;

use tokio_postgres::{Config, NoTls};

use crate::error::{Error, Result};
use crate::exec::{Db, DbBuilder, Executor, SslMode, redact_url};
use crate::local::{FoundDatabase, find_database};
use crate::render::SqlWriter;

/// The conventional local server, tried when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = crate::local::LOCAL_SERVER_URL;

/// The URL of the test server, found once per process by
/// [`find_database`]: `DATABASE_URL`, else the local
/// server if it answers, else a private server from the installed PostgreSQL programs.
/// The first call prints which on stderr. Panics with one line saying what to install
/// or set when none can serve (tests fail, never skip).
pub fn database_url() -> String {
    found().unwrap_or_else(|err| panic!("{err}")).url().to_owned()
}

/// The test server, found once per process.
fn found() -> Result<&'static FoundDatabase> {
    static FOUND: OnceLock<std::result::Result<FoundDatabase, String>> = OnceLock::new();
    let found = FOUND.get_or_init(|| {
        let found = find_database().map_err(|err| err.to_string());
        if let Ok(found) = &found {
            eprintln!("{found}");
        }
        found
    });
    found.as_ref().map_err(|message| Error::Connection { source: message.clone().into() })
}

/// A database of its own for one test: created on the server [`database_url`] finds,
/// dropped (with its connections) when the value is dropped.
///
/// Tests that each use a `TestDb` can run in parallel and never see each other's rows.
///
/// ```no_run
/// # async fn demo() {
/// use orm_core::testing::TestDb;
///
/// let db = TestDb::with_schema("CREATE TABLE notes (body text)").await;
/// // `db` derefs to `Db`: run queries on `&*db` or `db.db()`.
/// # }
/// ```
pub struct TestDb {
    db: Db,
    name: String,
    admin: Config,
}

impl TestDb {
    /// Creates an empty database. Panics with one line saying what to install or set
    /// when no database can serve (tests must fail, never skip).
    pub async fn new() -> TestDb {
        Self::try_new().await.unwrap_or_else(|err| panic!("{err}"))
    }

    /// Creates a database and runs `schema_sql` in it (e.g. `orm_migrate::create_sql(&schema)`).
    pub async fn with_schema(schema_sql: &str) -> TestDb {
        let db = Self::new().await;
        if let Err(err) = db.db.batch_execute(schema_sql).await {
            panic!("the test schema did not apply: {err}");
        }
        db
    }

    /// Creates an empty database, or says why it could not.
    pub async fn try_new() -> Result<TestDb> {
        Self::try_new_on(found()?.url()).await
    }

    /// Creates an empty database on the server at `url`.
    pub async fn try_new_on(url: &str) -> Result<TestDb> {
        let unreachable = |err: &dyn std::fmt::Display| Error::Connection {
            source: format!(
                "nothing answers at DATABASE_URL={} ({err}); set DATABASE_URL or run `docker compose up -d`",
                redact_url(url)
            )
            .into(),
        };
        // Read as `Db::builder` reads it: an empty URL means libpq's `PG*` variables.
        let admin = crate::exec::conninfo::ConnInfo::parse(url, &|var| std::env::var(var).ok())
            .map_err(|e| Error::InvalidUrl(format!("DATABASE_URL={}: {e}", redact_url(url))))?
            .config;
        let (client, connection) = admin.connect(NoTls).await.map_err(|e| unreachable(&e))?;
        let driver = tokio::spawn(connection);
        let name = format!("orm_test_{}", uuid::Uuid::new_v4().simple());
        let created =
            client.batch_execute(&database_ddl("CREATE DATABASE ", &name, " TEMPLATE template0")).await;
        drop(client);
        let _ = driver.await;
        created?;
        let mut config = admin.clone();
        config.dbname(&name);
        // An in-process server serves one connection at a time; others allow eight.
        let size = found().ok().and_then(|found| found.max_connections()).unwrap_or(8);
        let db = plaintext(config).max_size(size).connect().await?;
        Ok(TestDb { db, name, admin })
    }

    /// The pool of this test's database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Settings for another pool on this test's database (e.g. one of a different size).
    pub fn builder(&self) -> DbBuilder {
        plaintext(self.config())
    }

    /// The connection settings of this test's database, for a driver-level client or a
    /// pool configured by hand (`config.application_name(..)`).
    pub fn config(&self) -> tokio_postgres::Config {
        let mut config = self.admin.clone();
        config.dbname(&self.name);
        config
    }

    /// The name of this test's database.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Settings for a pool on this test's database whose connections go through a proxy
    /// that counts round trips: a test can assert that an operation costs a fixed
    /// number of them (no N+1 queries, a pipeline in one).
    ///
    /// ```no_run
    /// # async fn demo(test_db: orm_core::testing::TestDb) -> orm_core::Result<()> {
    /// let (builder, trips) = test_db.counting_round_trips().await;
    /// let db = builder.max_size(1).build()?;
    /// let conn = db.connection().await?; // the handshake counts too
    /// trips.take();
    /// // .. run the operation on `conn` ..
    /// assert_eq!(trips.take(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn counting_round_trips(&self) -> (DbBuilder, RoundTrips) {
        let upstream = match (self.admin.get_hosts().first(), self.admin.get_ports().first()) {
            (Some(tokio_postgres::config::Host::Tcp(host)), port) => {
                (host.clone(), port.copied().unwrap_or(5432))
            }
            _ => panic!("counting round trips needs a TCP DATABASE_URL (host and port), not a socket"),
        };
        let (port, trips) =
            RoundTrips::start(upstream).await.unwrap_or_else(|err| panic!("the counting proxy: {err}"));
        let mut config = Config::new();
        config.host("127.0.0.1").port(port).dbname(&self.name);
        if let Some(user) = self.admin.get_user() {
            config.user(user);
        }
        if let Some(password) = self.admin.get_password() {
            config.password(password);
        }
        (plaintext(config), trips)
    }
}

impl Deref for TestDb {
    type Target = Db;

    fn deref(&self) -> &Db {
        &self.db
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        self.db.pool().close();
        let admin = self.admin.clone();
        let name = std::mem::take(&mut self.name);
        // Drop runs outside async code, so the DROP DATABASE gets a runtime of its own.
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async move {
                let (client, connection) = admin.connect(NoTls).await.ok()?;
                let driver = tokio::spawn(connection);
                let sql = database_ddl("DROP DATABASE IF EXISTS ", &name, " WITH (FORCE)");
                let dropped = client.batch_execute(&sql).await;
                drop(client);
                let _ = driver.await;
                dropped.ok()
            })
        });
        let _ = dropper.join();
    }
}

/// Pool settings that connect as the admin connection does: without TLS (test servers
/// are on loopback, and the round trip counter reads plaintext).
fn plaintext(config: Config) -> DbBuilder {
    DbBuilder::from_config(config).ssl_mode(SslMode::Disable)
}

/// `<head>"name"<tail>`, with the database name quoted as an identifier.
fn database_ddl(head: &str, name: &str, tail: &str) -> String {
    let mut w = SqlWriter::new();
    w.push_sql(head);
    w.push_ident(name);
    w.push_sql(tail);
    w.finish().0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unreachable_server_is_one_line_naming_database_url() {
        let Err(err) = TestDb::try_new_on("postgres://postgres@127.0.0.1:1/postgres").await else {
            panic!("nothing listens on port 1, yet a test database was created");
        };
        let message = err.to_string();
        assert!(matches!(err, Error::Connection { .. }), "{err:?}");
        assert!(message.contains("DATABASE_URL=postgres://postgres@127.0.0.1:1/postgres"), "{message}");
        assert!(message.contains("docker compose up -d"), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }

    #[tokio::test]
    async fn each_test_database_is_separate_and_dropped() {
        let first = TestDb::new().await;
        let second = TestDb::new().await;
        assert_ne!(first.name(), second.name());
        first.batch_execute("CREATE TABLE only_here (x int)").await.unwrap();
        second.batch_execute("CREATE TABLE only_here (x int)").await.unwrap();
        let name = first.name().to_owned();
        drop(first);

        let client = second.pool().get().await.unwrap();
        let left: i64 = client
            .query_one("SELECT count(*) FROM pg_database WHERE datname = $1", &[&name])
            .await
            .unwrap()
            .get(0);
        assert_eq!(left, 0, "the dropped TestDb removed its database");
    }
}
