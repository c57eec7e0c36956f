//! A real PgBouncer in transaction mode, started by the test in front of the server at
//! DATABASE_URL and stopped when dropped; and a test database reached through it.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use orm::testing::{TestDb, database_url};
use orm::{Db, DbBuilder, PoolerMode};

/// Which idle server session PgBouncer hands the next transaction.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// In turn (`server_round_robin = 1`, all sessions opened up front): consecutive
    /// transactions of one client move between server sessions.
    RoundRobin,
    /// The one released last (PgBouncer's default).
    Lifo,
}

/// A PgBouncer (`pool_mode = transaction`) of this test's own, on a free port.
pub struct PgBouncer {
    dir: PathBuf,
    port: u16,
    pid: Option<String>,
}

impl PgBouncer {
    /// Starts PgBouncer in front of DATABASE_URL's server, with at most
    /// `server_sessions` server connections per database: consecutive transactions of
    /// one client connection then move between them.
    pub fn start(server_sessions: u32, reuse: Reuse) -> PgBouncer {
        let program = program();
        let upstream = tokio_postgres::Config::from_str(&database_url()).expect("DATABASE_URL parses");
        let host = match upstream.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => panic!("the pooler tests need a TCP DATABASE_URL (host and port) for PgBouncer to reach"),
        };
        let upstream_port = upstream.get_ports().first().copied().unwrap_or(5432);
        let user = upstream.get_user().unwrap_or("postgres").to_owned();

        static STARTED: AtomicU32 = AtomicU32::new(0);
        let nth = STARTED.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("orm-pgbouncer-{}-{nth}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let port = free_port();
        let ini = format!(
            "[databases]\n\
             * = host={host} port={upstream_port}\n\
             [pgbouncer]\n\
             listen_addr = 127.0.0.1\n\
             listen_port = {port}\n\
             unix_socket_dir =\n\
             auth_type = trust\n\
             auth_file = {users}\n\
             pool_mode = transaction\n\
             default_pool_size = {server_sessions}\n\
             min_pool_size = {min_pool_size}\n\
             server_round_robin = {round_robin}\n\
             max_client_conn = 1000\n\
             ignore_startup_parameters = extra_float_digits\n\
             logfile = {log}\n\
             pidfile = {pid}\n",
            min_pool_size = if reuse == Reuse::RoundRobin { server_sessions } else { 0 },
            round_robin = u8::from(reuse == Reuse::RoundRobin),
            users = path(&dir.join("users.txt")),
            log = path(&dir.join("pgbouncer.log")),
            pid = path(&dir.join("pgbouncer.pid")),
        );
        std::fs::write(dir.join("pgbouncer.ini"), ini).expect("pgbouncer.ini written");
        std::fs::write(dir.join("users.txt"), format!("\"{user}\" \"\"\n")).expect("users.txt written");

        let as_postgres = runs_as_root();
        let mut command = if as_postgres {
            // PgBouncer refuses to run as root.
            let status =
                Command::new("chown").args(["-R", "postgres:"]).arg(&dir).status().expect("chown runs");
            assert!(status.success(), "could not hand {} to the postgres user", dir.display());
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let output = command.arg("-d").arg(dir.join("pgbouncer.ini")).output().expect("pgbouncer starts");
        let mut bouncer = PgBouncer { dir, port, pid: None };
        assert!(output.status.success(), "pgbouncer did not start: {}", bouncer.log(&output.stderr));
        bouncer.wait_until_listening();
        bouncer
    }

    /// The URL of database `name` through this PgBouncer.
    pub fn url(&self, name: &str) -> String {
        let upstream = tokio_postgres::Config::from_str(&database_url()).expect("DATABASE_URL parses");
        let user = upstream.get_user().unwrap_or("postgres");
        format!("postgres://{user}@127.0.0.1:{}/{name}", self.port)
    }

    /// The port PgBouncer listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.pid.is_none() {
                self.pid =
                    std::fs::read_to_string(self.dir.join("pgbouncer.pid")).ok().map(|p| p.trim().to_owned());
            }
            if self.pid.is_some() && TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            assert!(Instant::now() < deadline, "pgbouncer did not listen within 10 s: {}", self.log(b""));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self, stderr: &[u8]) -> String {
        let log = std::fs::read_to_string(self.dir.join("pgbouncer.log")).unwrap_or_default();
        format!("{}{log}", String::from_utf8_lossy(stderr))
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        if let Some(pid) = &self.pid {
            let _ = Command::new("kill").args(["-TERM", pid]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if Path::new(&format!("/proc/{pid}")).exists() {
                let _ = Command::new("kill").args(["-KILL", pid]).status();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A test database, created on DATABASE_URL's server, reached through a PgBouncer.
///
/// Fields drop in order: the pool through PgBouncer, PgBouncer, then the database.
pub struct Bounced {
    /// A pool through PgBouncer in [`PoolerMode::Transaction`].
    pub db: Db,
    /// The PgBouncer in front of the database.
    pub bouncer: PgBouncer,
    /// The database, directly (for setup and checks).
    pub direct: TestDb,
}

impl Bounced {
    /// A database with `schema_sql` applied, and PgBouncer with `server_sessions`
    /// server connections in front of it.
    pub async fn new(schema_sql: &str, server_sessions: u32) -> Bounced {
        let direct = TestDb::with_schema(schema_sql).await;
        let bouncer = PgBouncer::start(server_sessions, Reuse::RoundRobin);
        let db = Bounced::builder_for(&bouncer, &direct).build().expect("a pool through PgBouncer");
        let bounced = Bounced { db, bouncer, direct };
        bounced.open_server_sessions(server_sessions).await;
        bounced
    }

    /// Holds `count` transactions open at once, so that PgBouncer opens that many
    /// server sessions now rather than one by one.
    pub async fn open_server_sessions(&self, count: u32) {
        let mut held = Vec::new();
        for _ in 0..count {
            let client = raw_client(&self.url()).await;
            client.batch_execute("BEGIN").await.expect("BEGIN through PgBouncer");
            held.push(client);
        }
        for client in held {
            client.batch_execute("COMMIT").await.expect("COMMIT through PgBouncer");
        }
    }

    /// How many different server sessions `statements` consecutive statements of one
    /// client connection ran on.
    pub async fn server_sessions_seen(&self, statements: usize) -> usize {
        let client = raw_client(&self.url()).await;
        let mut pids = std::collections::HashSet::new();
        for _ in 0..statements {
            let rows = client.simple_query("SELECT pg_backend_pid()").await.expect("a pid");
            pids.extend(rows.iter().filter_map(|message| match message {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
                _ => None,
            }));
        }
        pids.len()
    }

    /// The named prepared statements left on each of the `count` server sessions
    /// (holding a transaction on each at once, so that every one is asked).
    pub async fn named_statements_left(&self, count: u32) -> Vec<String> {
        let mut held = Vec::new();
        let mut left = Vec::new();
        for _ in 0..count {
            let client = raw_client(&self.url()).await;
            let rows = client
                .simple_query("BEGIN; SELECT name FROM pg_prepared_statements")
                .await
                .expect("pg_prepared_statements through PgBouncer");
            left.extend(rows.iter().filter_map(|message| match message {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
                _ => None,
            }));
            held.push(client);
        }
        for client in held {
            client.batch_execute("COMMIT").await.expect("COMMIT through PgBouncer");
        }
        left
    }

    /// Settings for another pool through this PgBouncer, in transaction-pooler mode.
    pub fn builder(&self) -> DbBuilder {
        Bounced::builder_for(&self.bouncer, &self.direct)
    }

    fn builder_for(bouncer: &PgBouncer, direct: &TestDb) -> DbBuilder {
        Db::builder(&bouncer.url(direct.name())).pooler_mode(PoolerMode::Transaction).max_size(4)
    }

    /// The URL of the database through PgBouncer.
    pub fn url(&self) -> String {
        self.bouncer.url(self.direct.name())
    }
}

/// A driver-level client (no pool, no orm), for what the tests do on the side.
pub async fn raw_client(url: &str) -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("a connection through PgBouncer");
    tokio::spawn(connection);
    client
}

/// Where `pgbouncer` is, or one line saying what to install.
fn program() -> PathBuf {
    let on_path = Command::new("sh")
        .args(["-c", "command -v pgbouncer"])
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|found| !found.is_empty());
    match on_path.map(PathBuf::from).or_else(|| Some(PathBuf::from("/usr/sbin/pgbouncer"))) {
        Some(found) if found.exists() => found,
        _ => panic!(
            "install pgbouncer (apt-get install pgbouncer): the pooler tests run PostgreSQL through a real PgBouncer in transaction mode"
        ),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// Whether this process runs as root (uid 0).
fn runs_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}
