//! The embedded default's in-process PostgreSQL, for machines without PostgreSQL
//! programs: PostgreSQL 17 compiled to WebAssembly, run by wasmer inside this process
//! (`pglite-oxide`) and served on a local TCP port.
//!
//! What differs from a PostgreSQL server (measured with pglite-oxide 0.5.1, which
//! serves PostgreSQL 17.5):
//!
//! - **One session at a time** ([`MAX_CONNECTIONS`]). Each connection starts a backend
//!   of its own (about 0.25 s) and is served until it closes; the next one waits.
//! - **Nothing interrupts a statement**: `statement_timeout`, `lock_timeout` and
//!   `idle_in_transaction_session_timeout` have no effect, and a cancel request is
//!   accepted but ignored (it waits behind the session, which is then closed). A call's
//!   `.timeout(..)` still returns in time and gives up its session, but the server
//!   finishes the statement before it serves the next connection.
//! - `CREATE DATABASE` (0.2 to 0.3 s), `DROP DATABASE .. WITH (FORCE)`, connecting to
//!   any database, `LISTEN`/`NOTIFY` in the session, advisory locks, temporary tables
//!   and orm's session reset work.
//! - The cluster in the data directory is an overlay over a template that
//!   pglite-oxide unpacks, with its runtime and the wasmer code compiled ahead of time,
//!   into the user's cache (`$XDG_CACHE_HOME/pglite-oxide` or `~/.cache/pglite-oxide`,
//!   about 100 MB): nothing is downloaded, the bytes are compiled into the program. A
//!   data directory opens only with the pglite-oxide version that made it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use pglite_oxide::PgliteServer;
use tokio_postgres::NoTls;

/// How many connections the in-process server serves at once: one. Further ones are
/// neither refused nor served: they wait in the listen queue and are served in turn as
/// the connection before them closes, so a pool larger than this, or code that opens a
/// connection while it holds one, waits for ever.
pub(crate) const MAX_CONNECTIONS: usize = 1;

/// The database [`InProcessServer::url`] names (the cluster also has `template0` and
/// `template1`).
const DATABASE: &str = "postgres";

/// The role every connection is: the cluster's superuser, without a password.
const USER: &str = "postgres";

/// How long the first connection's backend may take to start: about 1 s on an idle
/// machine, several times that on a loaded one.
const FIRST_CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);

/// A running in-process PostgreSQL whose cluster lives in a data directory; stopped
/// when dropped.
///
/// Stopping waits for the connection being served to close, which on a one-thread
/// runtime cannot happen while the thread waits: the drop hands the stop to a thread of
/// its own and waits for it at most [`STOP_WAIT`]. A stop cut short by the process
/// ending is a crash to PostgreSQL, which its next start recovers from.
pub(crate) struct InProcessServer {
    server: Option<PgliteServer>,
}

/// How long dropping an [`InProcessServer`] waits for it to stop.
const STOP_WAIT: Duration = Duration::from_secs(2);

impl Drop for InProcessServer {
    fn drop(&mut self) {
        let Some(server) = self.server.take() else { return };
        let (stopped, wait) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            drop(server);
            let _ = stopped.send(());
        });
        let _ = wait.recv_timeout(STOP_WAIT);
    }
}

impl InProcessServer {
    /// Starts the server on the cluster in `data_dir`, creating both when missing, and
    /// waits until a connection to [`url`](Self::url) is served.
    ///
    /// One process at a time may have a data directory open.
    pub(crate) fn start(data_dir: &Path) -> Result<InProcessServer, String> {
        std::fs::create_dir_all(data_dir).map_err(|err| {
            format!(
                "the in-process PostgreSQL cannot create its data directory {}: {err}; choose a directory \
                 this user may write",
                data_dir.display()
            )
        })?;
        let server = PgliteServer::builder()
            .path(data_dir)
            .tcp(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .username(USER)
            .database(DATABASE)
            .start()
            .map_err(|err| start_error(data_dir, &format!("{err:#}")))?;
        let server = InProcessServer { server: Some(server) };
        server.first_connection().map_err(|err| start_error(data_dir, &err))?;
        Ok(server)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`: the server's superuser, no
    /// password, no TLS on offer.
    pub(crate) fn url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{DATABASE}", self.port())
    }

    fn port(&self) -> u16 {
        self.server.as_ref().and_then(|server| server.tcp_addr()).map_or(0, |addr| addr.port())
    }

    /// Opens one connection and closes it: pglite-oxide starts a backend only when a
    /// client connects, so a cluster that cannot start shows here, not in the pool.
    ///
    /// On a thread of its own with a runtime of its own: `start` is called from sync
    /// code and from inside a Tokio runtime alike.
    fn first_connection(&self) -> Result<(), String> {
        let url = self.url();
        let attempt = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|err| format!("no Tokio runtime for its first connection: {err}"))?;
            runtime.block_on(async {
                let connect =
                    tokio::time::timeout(FIRST_CONNECTION_TIMEOUT, tokio_postgres::connect(&url, NoTls));
                let (client, connection) = match connect.await {
                    Ok(Ok(connected)) => connected,
                    Ok(Err(err)) => return Err(server_words(&err)),
                    Err(_) => {
                        return Err(format!(
                            "its first connection was not served in {FIRST_CONNECTION_TIMEOUT:?}"
                        ));
                    }
                };
                drop(client);
                connection.await.map_err(|err| server_words(&err))
            })
        });
        attempt.join().unwrap_or_else(|_| Err("its first connection panicked".to_owned()))
    }
}

/// The server's own message when it sent one, else the driver's.
fn server_words(err: &tokio_postgres::Error) -> String {
    err.as_db_error().map_or_else(|| err.to_string(), |db| db.message().to_owned())
}

/// One line: what failed, then what to do, chosen from pglite-oxide's words.
fn start_error(data_dir: &Path, cause: &str) -> String {
    let dir = data_dir.display();
    let advice = if cause.contains("already in use") {
        format!(
            "another program (or another server in this one) has {dir} open; stop it, or use another directory"
        )
    } else if cause.contains("was created for template") {
        format!(
            "{dir} was made by another version of pglite-oxide; open it with the orm version that made it, \
             or delete it to start over (its data is lost)"
        )
    } else if cause.contains("cache directory") {
        "pglite-oxide unpacks its runtime under $XDG_CACHE_HOME or $HOME/.cache; set one of them".to_owned()
    } else {
        format!("delete {dir} to start over (its data is lost), or set DATABASE_URL to a PostgreSQL server")
    };
    let cause = cause.replace('\n', " ");
    format!("the in-process PostgreSQL did not start in {dir}: {cause}; {advice}")
}

#[cfg(test)]
mod tests;
