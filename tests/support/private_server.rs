//! A throwaway PostgreSQL server of the test's own (initdb into a temporary directory,
//! on a free port), for scenarios that restart or stop the server, or that need
//! settings the shared server at DATABASE_URL must not get (TLS, pg_hba.conf rules).
//! Shared by the test crates through `#[path = "../support/private_server.rs"]`.
//!
//! Needs PostgreSQL's server programs (`initdb`, `pg_ctl`): found through
//! `ORM_TEST_PG_BINDIR`, else `pg_config --bindir`, else `/usr/lib/postgresql/*/bin`.

// Each test crate uses a part of this file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// What a server starts with besides initdb's defaults.
#[derive(Default)]
pub struct ServerOptions {
    /// Lines appended to postgresql.conf (`ssl = on`, `ssl_cert_file = 'server.crt'`).
    pub conf: Vec<String>,
    /// The whole pg_hba.conf, in place of initdb's (which trusts every local user).
    pub hba: Option<String>,
    /// Files placed in the data directory (certificates, keys), owned by the server's
    /// user and readable by it alone, as PostgreSQL wants of a key file.
    pub files: Vec<(String, Vec<u8>)>,
}

impl ServerOptions {
    /// TLS on (`ssl = on`) with `cert` (certificate and key, PEM) as the server's and
    /// `ca` (PEM) as the CA client certificates must be signed by.
    pub fn tls(cert: &(String, String), ca: &str) -> ServerOptions {
        ServerOptions {
            conf: vec![
                "ssl = on".to_owned(),
                "ssl_cert_file = 'server.crt'".to_owned(),
                "ssl_key_file = 'server.key'".to_owned(),
                "ssl_ca_file = 'ca.crt'".to_owned(),
            ],
            hba: None,
            files: vec![
                ("server.crt".to_owned(), cert.0.clone().into_bytes()),
                ("server.key".to_owned(), cert.1.clone().into_bytes()),
                ("ca.crt".to_owned(), ca.as_bytes().to_vec()),
            ],
        }
    }
}

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
        PrivateServer::start_with(ServerOptions::default())
    }

    /// Creates a server with `options` and starts it on a free port.
    pub fn start_with(options: ServerOptions) -> PrivateServer {
        let bindir = bindir();
        // initdb refuses to run as root: run the server programs as `postgres` then.
        let as_postgres = runs_as_root();
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let nth = STARTED.fetch_add(1, Ordering::Relaxed);
        let data = std::env::temp_dir().join(format!("orm-private-pg-{}-{nth}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).expect("a temporary directory");
        let server = PrivateServer { bindir, data, port: free_port(), as_postgres };
        server.hand_to_postgres(&server.data);
        let pgdata = server.data.join("pgdata");
        server.run(
            "initdb",
            &["-D", path(&pgdata), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        );
        if !options.conf.is_empty() {
            let conf = pgdata.join("postgresql.conf");
            let mut text = std::fs::read_to_string(&conf).expect("initdb wrote postgresql.conf");
            text.push_str("\n# orm test settings\n");
            for line in &options.conf {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&conf, text).expect("postgresql.conf is writable");
        }
        if let Some(hba) = &options.hba {
            std::fs::write(pgdata.join("pg_hba.conf"), hba).expect("pg_hba.conf is writable");
        }
        for (name, contents) in &options.files {
            let file = pgdata.join(name);
            std::fs::write(&file, contents).expect("a file in the data directory");
            std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .expect("chmod 600");
            server.hand_to_postgres(&file);
        }
        server.pg_ctl(&["start"]);
        server
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The port the server listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's temporary directory (its data directory is `pgdata` inside); files
    /// a test writes here go with the server.
    pub fn dir(&self) -> &Path {
        &self.data
    }

    /// Keeps the server for the rest of the test binary (for a `static`), and has a
    /// watchdog process stop and delete it once this process has exited, however it
    /// ends: statics are never dropped.
    pub fn until_process_exit(self) -> &'static PrivateServer {
        let pg_ctl = self.bindir.join("pg_ctl");
        let stop = format!(
            "{} '{}' -D '{}' -m immediate -w stop",
            if self.as_postgres { "runuser -u postgres --" } else { "" },
            pg_ctl.display(),
            self.data.join("pgdata").display()
        );
        // The watchdog runs in the background of a shell that exits at once (and is
        // waited for), so it belongs to init and outlives this process.
        let script = format!(
            "(while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop}; rm -rf '{dir}') </dev/null >/dev/null 2>&1 &",
            pid = std::process::id(),
            dir = self.data.display()
        );
        let status = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("the watchdog that stops the server starts");
        assert!(status.success(), "the watchdog did not start");
        Box::leak(Box::new(self))
    }

    /// Runs SQL as the `postgres` superuser over the server's Unix socket (pg_hba.conf
    /// must trust `local` connections): roles and settings a scenario needs.
    pub fn psql(&self, sql: &str) {
        let port = self.port.to_string();
        self.run(
            "psql",
            &[
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                path(&self.data),
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                sql,
            ],
        );
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

    fn hand_to_postgres(&self, file: &Path) {
        if self.as_postgres {
            let status = Command::new("chown").arg("postgres:").arg(file).status().expect("chown runs");
            assert!(status.success(), "could not hand {} to the postgres user", file.display());
        }
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
        let log = std::fs::read_to_string(self.data.join("server.log")).unwrap_or_default();
        assert!(
            output.status.success(),
            "{} {args:?} failed: {}{}\nserver log:\n{log}",
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

/// Where `initdb` and `pg_ctl` are; panics saying what to install when they are missing.
fn bindir() -> PathBuf {
    find_bindir().unwrap_or_else(|missing| panic!("{missing}"))
}

/// Where `initdb` and `pg_ctl` are, or one line saying what to install.
pub fn find_bindir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("ORM_TEST_PG_BINDIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
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
    found.pop().ok_or_else(|| {
        "this scenario starts a PostgreSQL server of its own and needs initdb and pg_ctl: \
         install the PostgreSQL server package (e.g. postgresql on Debian) or set ORM_TEST_PG_BINDIR"
            .to_owned()
    })
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
