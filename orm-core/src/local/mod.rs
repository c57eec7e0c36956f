//! Finding a database with no setup: `DATABASE_URL` (or libpq's `PG*` variables), else
//! the conventional local server, else a private PostgreSQL the library starts itself
//! from the programs installed on this machine, else (with the `pglite` feature) an
//! in-process PostgreSQL.
//!
//! The examples, the migration CLI and [`TestDb`](crate::testing::TestDb) all start
//! here, so a fresh machine with PostgreSQL installed (and nothing configured) runs the
//! seed, the studio and the tests.
//!
//! ```no_run
//! # fn demo() -> orm_core::Result<()> {
//! let found = orm_core::local::find_database()?;
//! eprintln!("{found}"); // says which database, in one line
//! let db = found.builder().build()?;
//! # Ok(()) }
//! ```

#[cfg(feature = "pglite")]
mod in_process;
mod private_server;
mod probe;
mod programs;

use std::fmt;
use std::path::PathBuf;
#[cfg(feature = "pglite")]
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::exec::{Db, DbBuilder, redact_url};

/// The conventional local server, tried when `DATABASE_URL` is not set.
pub const LOCAL_SERVER_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The libpq variables that, when any is set, name the database in place of
/// `DATABASE_URL`.
const LIBPQ_VARIABLES: [&str; 6] = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"];

/// How many connections the in-process server serves at once.
#[cfg(feature = "pglite")]
const IN_PROCESS_CONNECTIONS: usize = in_process::MAX_CONNECTIONS;
#[cfg(not(feature = "pglite"))]
const IN_PROCESS_CONNECTIONS: usize = 1;

/// Where [`find_database`] found the database.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatabaseSource {
    /// The `DATABASE_URL` environment variable.
    DatabaseUrl,
    /// libpq's `PG*` environment variables (`PGHOST`, `PGDATABASE`, ..).
    LibpqVariables,
    /// The conventional local server ([`LOCAL_SERVER_URL`], or `ORM_LOCAL_URL`), which
    /// answered.
    LocalServer,
    /// A private server the library runs from the installed PostgreSQL programs, with
    /// its cluster in `dir` (under `target/`). It is shared by the processes that use it
    /// and stopped by a watchdog 15 s after the last one ends; the data stays.
    PrivateServer {
        /// The folder holding the cluster (`data/`) and its log (`server.log`).
        dir: PathBuf,
        /// The server's major version.
        version: String,
        /// Whether this process started it, rather than finding it running.
        started: bool,
    },
    /// An in-process PostgreSQL (orm's `pglite` feature: PostgreSQL 17 compiled to
    /// WebAssembly), used where no PostgreSQL programs are installed, with its cluster
    /// in `dir`. It serves one connection at a time (see
    /// [`FoundDatabase::max_connections`]), ignores statement timeouts and cancel
    /// requests, and runs while the [`FoundDatabase`] (or a clone) lives.
    InProcess {
        /// The folder holding the cluster.
        dir: PathBuf,
    },
}

/// A database found by [`find_database`]: its URL, where it came from, and the pool
/// size it allows.
#[derive(Clone)]
pub struct FoundDatabase {
    url: String,
    source: DatabaseSource,
    /// The in-process server, held (never read) so that it stops only when the last
    /// clone is dropped.
    #[cfg(feature = "pglite")]
    #[allow(dead_code, reason = "held for its Drop")]
    in_process: Option<Arc<in_process::InProcessServer>>,
}

impl fmt::Debug for FoundDatabase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password: only its safe form is shown.
        f.debug_struct("FoundDatabase")
            .field("url", &redact_url(&self.url))
            .field("source", &self.source)
            .finish()
    }
}

impl FoundDatabase {
    /// The connection string (empty for [`DatabaseSource::LibpqVariables`]: the
    /// builder reads the variables). It may hold a password: print the
    /// [`FoundDatabase`] itself, which shows [`redact_url`]'s form.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where the database came from.
    pub fn source(&self) -> &DatabaseSource {
        &self.source
    }

    /// How many connections the database serves at once, when it limits them below
    /// what a pool would open: `Some(1)` for [`DatabaseSource::InProcess`].
    pub fn max_connections(&self) -> Option<usize> {
        match self.source {
            DatabaseSource::InProcess { .. } => Some(IN_PROCESS_CONNECTIONS),
            _ => None,
        }
    }

    /// [`Db::builder`] for this database, its pool no larger than
    /// [`max_connections`](Self::max_connections).
    pub fn builder(&self) -> DbBuilder {
        let builder = Db::builder(&self.url);
        match self.max_connections() {
            Some(max) => builder.max_size(max),
            None => builder,
        }
    }

    fn new(url: String, source: DatabaseSource) -> FoundDatabase {
        FoundDatabase {
            url,
            source,
            #[cfg(feature = "pglite")]
            in_process: None,
        }
    }
}

impl fmt::Display for FoundDatabase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            DatabaseSource::DatabaseUrl => write!(f, "database: DATABASE_URL ({})", redact_url(&self.url)),
            DatabaseSource::LibpqVariables => {
                write!(f, "database: the PG* variables ({})", redact_url(&self.url))
            }
            DatabaseSource::LocalServer => {
                write!(f, "database: the local server at {}", redact_url(&self.url))
            }
            DatabaseSource::PrivateServer { dir, version, started } => write!(
                f,
                "database: a private PostgreSQL {version} {} at {} (data in {}; set DATABASE_URL to use another)",
                if *started { "started" } else { "already running" },
                redact_url(&self.url),
                dir.display()
            ),
            DatabaseSource::InProcess { dir } => write!(
                f,
                "database: an in-process PostgreSQL at {} (no PostgreSQL programs found; one connection at a time; data in {})",
                redact_url(&self.url),
                dir.display()
            ),
        }
    }
}

/// Finds a database, in this order:
///
/// 1. `DATABASE_URL`, or libpq's `PG*` variables, when set;
/// 2. the conventional local server, [`LOCAL_SERVER_URL`] (or `ORM_LOCAL_URL`), when a
///    PostgreSQL server answers there and lets its user in;
/// 3. a private server run from the PostgreSQL programs installed on this machine
///    (`initdb`, `pg_ctl`: found through `ORM_PG_BINDIR`, `PATH`, `pg_config` or the
///    usual install folders), made once in `target/orm-postgres` and kept between runs;
/// 4. with orm's `pglite` feature, where no such programs exist: an in-process
///    PostgreSQL, kept in `target/orm-pglite`, serving one connection at a time.
///
/// Print the result: it says in one line which database it is. When none can serve,
/// the error says what to install or set.
///
/// This blocks (a probe of the local server, and the private server's start, about a
/// second): call it before serving, or through `spawn_blocking`.
pub fn find_database() -> Result<FoundDatabase> {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return Ok(FoundDatabase::new(url, DatabaseSource::DatabaseUrl));
    }
    if LIBPQ_VARIABLES.iter().any(|var| std::env::var_os(var).is_some()) {
        return Ok(FoundDatabase::new(String::new(), DatabaseSource::LibpqVariables));
    }
    let local = std::env::var("ORM_LOCAL_URL").unwrap_or_else(|_| LOCAL_SERVER_URL.to_owned());
    // A server that answers but refuses the login (a password asked for, no
    // `postgres` role: a distribution's default install) is passed over.
    if probe::answers(&local) && probe::logs_in(&local) {
        return Ok(FoundDatabase::new(local, DatabaseSource::LocalServer));
    }
    match private_server::start_or_join() {
        Ok(server) => Ok(FoundDatabase::new(
            server.url(),
            DatabaseSource::PrivateServer {
                dir: server.dir,
                version: server.version,
                started: server.started,
            },
        )),
        Err(private_server::Unavailable::NoPrograms) => without_programs(&local),
        Err(private_server::Unavailable::Failed(why)) => {
            Err(none_found(&local, format!("the private server did not start: {why}")))
        }
    }
}

/// What to install, when no PostgreSQL programs exist.
const INSTALL: &str = "PostgreSQL's server programs (initdb, pg_ctl) are not installed: install PostgreSQL \
                       (`apt-get install postgresql`, `dnf install postgresql-server`, `brew install postgresql@17`) \
                       or set ORM_PG_BINDIR";

/// With no PostgreSQL programs: the in-process server.
#[cfg(feature = "pglite")]
fn without_programs(local: &str) -> Result<FoundDatabase> {
    let dir = private_server::project_folder("orm-pglite", false);
    let server = in_process::InProcessServer::start(&dir).map_err(|why| {
        none_found(local, format!("{INSTALL}; the in-process PostgreSQL did not start: {why}"))
    })?;
    Ok(FoundDatabase {
        url: server.url(),
        source: DatabaseSource::InProcess { dir },
        in_process: Some(Arc::new(server)),
    })
}

/// With no PostgreSQL programs: what to install, or the feature to turn on.
#[cfg(not(feature = "pglite"))]
fn without_programs(local: &str) -> Result<FoundDatabase> {
    Err(none_found(
        local,
        format!("{INSTALL}, or build with orm's `pglite` feature for an in-process PostgreSQL"),
    ))
}

/// The error when no database can serve: what was tried, and what to install or set.
fn none_found(local: &str, private: String) -> Error {
    Error::Connection {
        source: format!(
            "no database: DATABASE_URL is not set, nothing answers at {}, and {private}; or set DATABASE_URL",
            redact_url(local)
        )
        .into(),
    }
}
