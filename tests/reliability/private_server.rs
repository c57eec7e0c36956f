//! A throwaway PostgreSQL server of the test's own (initdb into a temporary directory,
//! on a free port), for scenarios that restart or stop the server: the shared server at
//! DATABASE_URL is never restarted under the other tests.
//!
//! Needs PostgreSQL's server programs (`initdb`, `pg_ctl`): found through
//! `ORM_TEST_PG_BINDIR`, else `pg_config --bindir`, else `/usr/lib/postgresql/*/bin`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running private server; stopped and deleted on drop.
pub struct PrivateServer {
    bindir: PathBuf,
    data: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl PrivateServer {
    /// Creates and starts a server on a free port.
    pub fn start() -> PrivateServer {
        let bindir = bindir();
        // initdb refuses to run as root: run the server programs as `postgres` then.
        let as_postgres = runs_as_root();
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let nth = STARTED.fetch_add(1, Ordering::Relaxed);
        let data = std::env::temp_dir().join(format!("orm-private-pg-{}-{nth}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).expect("a temporary directory");
        let server = PrivateServer { bindir, data, port: free_port(), as_postgres };
        if as_postgres {
            let status =
                Command::new("chown").arg("postgres:").arg(&server.data).status().expect("chown runs");
            assert!(status.success(), "could not hand {} to the postgres user", server.data.display());
        }
        let pgdata = server.data.join("pgdata");
        server.run(
            "initdb",
            &["-D", path(&pgdata), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        );
        server.pg_ctl(&["start"]);
        server
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl restart -m fast`: open sessions are ended, the server comes back.
    pub fn restart_fast(&self) {
        self.pg_ctl(&["restart", "-m", "fast"]);
    }

    /// `pg_ctl stop -m fast`.
    pub fn stop(&self) {
        self.pg_ctl(&["stop", "-m", "fast"]);
    }

    /// `pg_ctl start` after [`stop`](Self::stop).
    pub fn start_again(&self) {
        self.pg_ctl(&["start"]);
    }

    fn pg_ctl(&self, action: &[&str]) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{}' -c fsync=off",
            self.port,
            self.data.display()
        );
        let pgdata = self.data.join("pgdata");
        let log = self.data.join("server.log");
        let mut args = vec!["-D", path(&pgdata), "-l", path(&log), "-o", &options, "-w"];
        args.extend_from_slice(action);
        self.run("pg_ctl", &args);
    }

    fn run(&self, program: &str, args: &[&str]) {
        let program = self.bindir.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let output =
            command.args(args).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
        assert!(
            output.status.success(),
            "{} {args:?} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let pgdata = self.data.join("pgdata");
        let program = self.bindir.join("pg_ctl");
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let _ = command.args(["-D", path(&pgdata), "-m", "immediate", "-w", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// Where `initdb` and `pg_ctl` are.
fn bindir() -> PathBuf {
    if let Ok(dir) = std::env::var("ORM_TEST_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().expect(
        "this scenario starts a PostgreSQL server of its own and needs initdb and pg_ctl: \
         install the PostgreSQL server package or set ORM_TEST_PG_BINDIR",
    )
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
