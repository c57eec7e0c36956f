//! A real PgBouncer of one's own, started on a free port in front of the server at
//! DATABASE_URL and stopped when dropped. Shared by the pooler tests (tests/pooler) and
//! the benchmark suite (benches/workloads, W13), each including it with `#[path]`.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use orm::testing::database_url;

/// PgBouncer's `pool_mode`: how long a client connection holds a server session.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PoolMode {
    /// For the client connection's whole life.
    Session,
    /// For one transaction.
    Transaction,
}

impl PoolMode {
    /// The `pool_mode` setting: `session` or `transaction`.
    pub fn setting(self) -> &'static str {
        match self {
            PoolMode::Session => "session",
            PoolMode::Transaction => "transaction",
        }
    }
}

/// Which idle server session PgBouncer hands the next transaction.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// In turn (`server_round_robin = 1`, all sessions opened up front): consecutive
    /// transactions of one client move between server sessions.
    RoundRobin,
    /// The one released last (PgBouncer's default).
    Lifo,
}

/// A PgBouncer of the caller's own, on a free port.
pub struct PgBouncer {
    dir: PathBuf,
    port: u16,
    pid: Option<String>,
}

impl PgBouncer {
    /// Starts PgBouncer in `pool_mode` in front of DATABASE_URL's server, with at most
    /// `server_sessions` server connections per database.
    pub fn start(pool_mode: PoolMode, server_sessions: u32, reuse: Reuse) -> PgBouncer {
        let program = installed().unwrap_or_else(|| panic!("{NOT_INSTALLED}"));
        let upstream = tokio_postgres::Config::from_str(&database_url()).expect("DATABASE_URL parses");
        let host = match upstream.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => panic!("PgBouncer needs a TCP DATABASE_URL (host and port) to reach the server"),
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
             pool_mode = {pool_mode}\n\
             default_pool_size = {server_sessions}\n\
             min_pool_size = {min_pool_size}\n\
             server_round_robin = {round_robin}\n\
             max_client_conn = 1000\n\
             ignore_startup_parameters = extra_float_digits\n\
             logfile = {log}\n\
             pidfile = {pid}\n",
            pool_mode = pool_mode.setting(),
            min_pool_size = if reuse == Reuse::RoundRobin { server_sessions } else { 0 },
            round_robin = u8::from(reuse == Reuse::RoundRobin),
            users = path(&dir.join("users.txt")),
            log = path(&dir.join("pgbouncer.log")),
            pid = path(&dir.join("pgbouncer.pid")),
        );
        std::fs::write(dir.join("pgbouncer.ini"), ini).expect("pgbouncer.ini written");
        // Clients log in to PgBouncer without a password; PgBouncer logs in to the
        // server with the one DATABASE_URL has (the private server wants one).
        let password =
            upstream.get_password().map(|p| String::from_utf8_lossy(p).into_owned()).unwrap_or_default();
        let users = dir.join("users.txt");
        std::fs::write(&users, format!("\"{user}\" \"{password}\"\n")).expect("users.txt written");
        // It holds the server's password: readable by its owner alone.
        std::fs::set_permissions(&users, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .expect("chmod 600");

        let mut command = if runs_as_root() {
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

    /// The process id of PgBouncer (known once it listens).
    pub fn pid(&self) -> &str {
        self.pid.as_deref().expect("a started PgBouncer has a pid")
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

/// What to say when PgBouncer is missing, in one line.
pub const NOT_INSTALLED: &str = "pgbouncer is not installed: apt-get install pgbouncer";

/// Where `pgbouncer` is, when it is installed.
pub fn installed() -> Option<PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", "command -v pgbouncer"])
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|found| !found.is_empty());
    Some(on_path.map_or_else(|| PathBuf::from("/usr/sbin/pgbouncer"), PathBuf::from))
        .filter(|found| found.exists())
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
