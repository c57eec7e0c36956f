//! The private server: a PostgreSQL cluster of the project's own, made with the
//! machine's `initdb` in a folder under `target/`, started with `pg_ctl` on a free
//! port, shared by every process that asks for it, and stopped by a watchdog once no
//! process has used it for [`GRACE_SECONDS`].
//!
//! The folder holds `data/` (the cluster), `password` (the `postgres` user's, random,
//! readable by the owner alone), `server.log`, `users/` (one empty file per
//! process using the server, named by its process id), `watchdog.pid`, and `lock` (a
//! folder that exists while one process starts or stops the server).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::programs::find_bindir;

/// How long the server outlives the last process that used it: long enough for the
/// next test binary, or the studio after the seed, to find it running.
const GRACE_SECONDS: u32 = 15;

/// A lock older than this was left by a process that died holding it.
const STALE_LOCK: Duration = Duration::from_secs(120);

/// Why no private server could be had.
pub(crate) enum Unavailable {
    /// `initdb` and `pg_ctl` are not installed.
    NoPrograms,
    /// They are, but the server could not be made or started: one line saying why.
    Failed(String),
}

/// A running private server this process is registered with.
pub(crate) struct PrivateServer {
    /// The folder under `target/` (or the temporary folder) holding the cluster.
    pub(crate) dir: PathBuf,
    pub(crate) port: u16,
    /// The server's major version (`15`).
    pub(crate) version: String,
    /// Whether this process started it (rather than finding it running).
    pub(crate) started: bool,
    /// The `postgres` user's password (clusters made before passwords were set have none).
    password: Option<String>,
}

impl PrivateServer {
    /// `postgres://postgres:<password>@127.0.0.1:<port>/postgres`
    pub(crate) fn url(&self) -> String {
        match &self.password {
            Some(password) => format!("postgres://postgres:{password}@127.0.0.1:{}/postgres", self.port),
            None => format!("postgres://postgres@127.0.0.1:{}/postgres", self.port),
        }
    }
}

/// Joins the private server, starting it (and making it, the first time) when it is
/// not running. Blocks for as long as that takes: about a second to start, a few more
/// the first time.
pub(crate) fn start_or_join() -> Result<PrivateServer, Unavailable> {
    let bindir = find_bindir().ok_or(Unavailable::NoPrograms)?;
    let programs = Programs::new(bindir).map_err(Unavailable::Failed)?;
    let dir = home(&programs);
    std::fs::create_dir_all(dir.join("users"))
        .map_err(|e| Unavailable::Failed(format!("cannot create {}: {e}", dir.display())))?;
    programs.hand_over(&dir).map_err(Unavailable::Failed)?;
    let _lock = DirLock::take(&dir).map_err(Unavailable::Failed)?;
    let me = dir.join("users").join(std::process::id().to_string());
    std::fs::write(&me, b"")
        .map_err(|e| Unavailable::Failed(format!("cannot write {}: {e}", me.display())))?;
    let server = programs.run_server(&dir).map_err(Unavailable::Failed)?;
    programs.ensure_watchdog(&dir).map_err(Unavailable::Failed)?;
    Ok(server)
}

/// The server programs, and whether they must run as the `postgres` user (PostgreSQL
/// refuses to run as root).
struct Programs {
    bindir: PathBuf,
    as_postgres: bool,
}

impl Programs {
    fn new(bindir: PathBuf) -> Result<Programs, String> {
        let as_postgres = runs_as_root();
        if as_postgres && Command::new("runuser").arg("--help").output().is_err() {
            return Err("this process runs as root, which PostgreSQL refuses, and there is no `runuser` \
                        to run it as the `postgres` user: run as another user, or set DATABASE_URL"
                .to_owned());
        }
        if as_postgres && !user_exists("postgres") {
            return Err("this process runs as root, which PostgreSQL refuses, and there is no `postgres` \
                        user to run it as: run as another user, or set DATABASE_URL"
                .to_owned());
        }
        Ok(Programs { bindir, as_postgres })
    }

    /// Makes the cluster if there is none, starts it if it is not running, and reads
    /// its port.
    fn run_server(&self, dir: &Path) -> Result<PrivateServer, String> {
        let data = dir.join("data");
        let programs_version = self.major_version()?;
        let password_file = dir.join("password");
        if !data.join("PG_VERSION").is_file() {
            // Made beside and renamed when complete: a run cut short leaves no cluster
            // that looks whole.
            let fresh = dir.join("data.new");
            let _ = std::fs::remove_dir_all(&fresh);
            let _ = std::fs::remove_dir_all(&data);
            self.init(&fresh, &password_file)?;
            std::fs::rename(&fresh, &data).map_err(|e| format!("cannot rename {}: {e}", fresh.display()))?;
        }
        // A password, not trust: other users of this machine reach 127.0.0.1 too.
        let password = std::fs::read_to_string(&password_file).ok().map(|p| p.trim().to_owned());
        let version = std::fs::read_to_string(data.join("PG_VERSION")).unwrap_or_default().trim().to_owned();
        if version != programs_version {
            return Err(format!(
                "{} holds a PostgreSQL {version} cluster but the programs in {} are PostgreSQL \
                 {programs_version}: delete that folder to start over, or set ORM_PG_BINDIR",
                dir.display(),
                self.bindir.display()
            ));
        }
        let mut started = false;
        let port = match self.running_port(&data) {
            Some(port) => port,
            None => {
                started = true;
                self.start(&data, &dir.join("server.log"))?
            }
        };
        Ok(PrivateServer { dir: dir.to_owned(), port, version, started, password })
    }

    /// Starts the server on a free port and returns the port. The port is free when
    /// chosen but may be taken before the server binds it: then another is tried.
    fn start(&self, data: &Path, log: &Path) -> Result<u16, String> {
        let mut attempt = 0;
        loop {
            let port = free_port()?;
            let options = format!("-p {port}");
            let started = self.run(
                "pg_ctl",
                &["-D", path(data), "-l", path(log), "-o", &options, "-w", "-t", "60", "start"],
            );
            match started {
                Ok(_) => return Ok(port),
                Err(_) if attempt < 2 && tail(log).contains("could not bind") => attempt += 1,
                Err(e) => return Err(format!("{e}\n{}", tail(log))),
            }
        }
    }

    /// Makes the cluster, its `postgres` user's password a random one written to
    /// `password_file` (readable by this user alone, and by `postgres` when the server
    /// runs as that user).
    fn init(&self, data: &Path, password_file: &Path) -> Result<(), String> {
        let mut bytes = [0u8; 18];
        getrandom::fill(&mut bytes).map_err(|e| format!("no random password: {e}"))?;
        let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(password_file, &password)?;
        self.hand_over(password_file)?;
        let pwfile = format!("--pwfile={}", path(password_file));
        self.run(
            "initdb",
            &[
                "-D",
                path(data),
                "-A",
                "scram-sha-256",
                "-U",
                "postgres",
                &pwfile,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        )?;
        // A development database: loopback only, no Unix socket (a long target path would
        // not fit one), and speed over durability.
        let settings = "\n# orm's private server\nlisten_addresses = '127.0.0.1'\n\
                        unix_socket_directories = ''\nmax_connections = 200\nfsync = off\n\
                        synchronous_commit = off\nfull_page_writes = off\n";
        let conf = data.join("postgresql.conf");
        let mut text =
            std::fs::read_to_string(&conf).map_err(|e| format!("cannot read {}: {e}", conf.display()))?;
        text.push_str(settings);
        std::fs::write(&conf, text).map_err(|e| format!("cannot write {}: {e}", conf.display()))
    }

    /// The port of the server running on `data`, if one is (`pg_ctl status`, then the
    /// fourth line of `postmaster.pid`).
    fn running_port(&self, data: &Path) -> Option<u16> {
        self.run("pg_ctl", &["-D", path(data), "status"]).ok()?;
        let pid_file = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
        let port: u16 = pid_file.lines().nth(3)?.trim().parse().ok()?;
        // A `postmaster.pid` left by a server that died, whose process id another
        // process has since taken, looks running to `pg_ctl status`.
        super::probe::answers(&format!("postgres://127.0.0.1:{port}")).then_some(port)
    }

    /// `15` from `pg_ctl (PostgreSQL) 15.19`.
    fn major_version(&self) -> Result<String, String> {
        Ok(major_version_of(&self.run("pg_ctl", &["--version"])?))
    }

    /// Starts the watchdog unless one is running for `dir`. The watchdog is a shell
    /// loop outside this process: every second it forgets processes that have ended;
    /// after [`GRACE_SECONDS`] without any, it takes the lock, stops the server and
    /// exits. It also exits when the folder is deleted.
    fn ensure_watchdog(&self, dir: &Path) -> Result<(), String> {
        let pid_file = dir.join("watchdog.pid");
        if let Ok(pid) = std::fs::read_to_string(&pid_file) {
            if alive(pid.trim()) {
                return Ok(());
            }
        }
        let stop = format!(
            "{}{} -D {} -m fast -w stop",
            if self.as_postgres { "runuser -u postgres -- " } else { "" },
            shell_quote(path(&self.bindir.join("pg_ctl"))),
            shell_quote(path(&dir.join("data")))
        );
        let script = format!(
            r#"dir={dir}; idle=0
while :; do
  sleep 1
  [ -d "$dir/users" ] || exit 0
  alive=0
  for f in "$dir"/users/*; do
    [ -e "$f" ] || continue
    if kill -0 "${{f##*/}}" 2>/dev/null; then alive=1; else rm -f "$f"; fi
  done
  if [ $alive = 1 ]; then idle=0; continue; fi
  idle=$((idle + 1))
  [ $idle -lt {GRACE_SECONDS} ] && continue
  owner=$(cat "$dir/lock/owner" 2>/dev/null)
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then rm -rf "$dir/lock"; fi
  if mkdir "$dir/lock" 2>/dev/null; then
    echo $$ > "$dir/lock/owner"
    if [ -z "$(ls -A "$dir/users")" ]; then
      {stop} >/dev/null 2>&1
      rm -f "$dir/watchdog.pid"; rm -rf "$dir/lock"; exit 0
    fi
    rm -rf "$dir/lock"
  fi
done"#,
            dir = shell_quote(path(dir)),
        );
        // The watchdog runs in the background of a shell that exits at once, so it
        // belongs to init and outlives this process.
        let out = Command::new("sh")
            .args(["-c", r#"sh -c "$1" </dev/null >/dev/null 2>&1 & echo $!"#, "sh", &script])
            .output()
            .map_err(|e| format!("cannot start the private server's watchdog: {e}"))?;
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        std::fs::write(&pid_file, pid).map_err(|e| format!("cannot write {}: {e}", pid_file.display()))
    }

    /// Gives `dir` (or a file) to the `postgres` user when the server runs as that user.
    fn hand_over(&self, dir: &Path) -> Result<(), String> {
        if !self.as_postgres {
            return Ok(());
        }
        let status = Command::new("chown")
            .arg("postgres")
            .arg(dir)
            .status()
            .map_err(|e| format!("cannot run chown: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("cannot give {} to the postgres user", dir.display()))
        }
    }

    /// Runs one of the server programs (as `postgres` when this process is root) and
    /// returns what it printed, or one line saying how it failed.
    fn run(&self, program: &str, args: &[&str]) -> Result<String, String> {
        let binary = self.bindir.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&binary);
            command
        } else {
            Command::new(&binary)
        };
        // The server inherits no connection settings meant for another server.
        for var in ["PGHOST", "PGPORT", "PGDATA", "PGUSER", "PGDATABASE", "PGOPTIONS"] {
            command.env_remove(var);
        }
        let output =
            command.args(args).output().map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(format!(
                "{program} {} failed: {}{}",
                args.last().unwrap_or(&""),
                String::from_utf8_lossy(&output.stdout).trim(),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }
}

/// The folder for the private server: `orm-postgres` in this project's target folder.
fn home(programs: &Programs) -> PathBuf {
    project_folder("orm-postgres", programs.as_postgres)
}

/// `name` in the Cargo target folder this program was built in (so `cargo run
/// --example seed` and the studio share it), else in the temporary folder;
/// `ORM_EMBEDDED_DIR` overrides both. `for_postgres_user`: the `postgres` user must be
/// able to reach it.
pub(super) fn project_folder(name: &str, for_postgres_user: bool) -> PathBuf {
    if let Some(dir) = std::env::var_os("ORM_EMBEDDED_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors().find(|dir| dir.join("CACHEDIR.TAG").is_file()).map(Path::to_path_buf)
    });
    match target {
        Some(target) if !for_postgres_user || others_can_enter(&target) => target.join(name),
        _ => std::env::temp_dir().join(format!("{name}-{}", user_name())),
    }
}

/// The start/stop lock: a folder, since making one is atomic everywhere (the watchdog
/// takes the same lock with `mkdir`).
struct DirLock(PathBuf);

impl DirLock {
    /// Takes the lock, waiting for its holder. A lock whose holder (`lock/owner`)
    /// has ended, or older than [`STALE_LOCK`], is broken.
    fn take(dir: &Path) -> Result<DirLock, String> {
        let lock = dir.join("lock");
        let deadline = SystemTime::now() + STALE_LOCK + Duration::from_secs(30);
        loop {
            match std::fs::create_dir(&lock) {
                Ok(()) => {
                    let _ = std::fs::write(lock.join("owner"), std::process::id().to_string());
                    return Ok(DirLock(lock));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&lock)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|modified| modified.elapsed().ok());
                    let owner = std::fs::read_to_string(lock.join("owner")).ok();
                    let owner_ended = owner.is_some_and(|pid| !alive(pid.trim()));
                    if owner_ended || age.is_some_and(|age| age > STALE_LOCK) {
                        let _ = std::fs::remove_dir_all(&lock);
                    } else if SystemTime::now() > deadline {
                        return Err(format!(
                            "{} stayed locked for {} s: delete it if no process holds it",
                            lock.display(),
                            (STALE_LOCK + Duration::from_secs(30)).as_secs()
                        ));
                    } else {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
                Err(e) => return Err(format!("cannot create {}: {e}", lock.display())),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The major version in `pg_ctl --version`'s output: `15` of `pg_ctl (PostgreSQL)
/// 15.19`, `16` of `pg_ctl (PostgreSQL) 16.4 (Homebrew)`.
fn major_version_of(version: &str) -> String {
    let number = version.split("(PostgreSQL)").nth(1).unwrap_or(version).trim_start();
    number.chars().take_while(char::is_ascii_digit).collect()
}

/// Writes `text` to a new file only its owner may read. Whatever was at `file` is
/// removed first and the file is created exclusively, so a link planted there (in a
/// shared temporary folder) is never followed.
fn write_private(file: &Path, text: &str) -> Result<(), String> {
    let _ = std::fs::remove_file(file);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(file).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    std::io::Write::write_all(&mut out, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// The last lines of the server's log, for a failed start.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn alive(pid: &str) -> bool {
    !pid.is_empty()
        && Command::new("kill")
            .args(["-0", pid])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no free port: {e}"))
}

fn runs_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn user_exists(name: &str) -> bool {
    Command::new("id").arg(name).output().is_ok_and(|o| o.status.success())
}

fn user_name() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "user".to_owned())
}

/// Whether every folder from `/` to `dir` lets other users through.
#[cfg(unix)]
fn others_can_enter(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    dir.ancestors().all(|d| std::fs::metadata(d).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

#[cfg(not(unix))]
fn others_can_enter(_: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::major_version_of;

    #[test]
    fn the_major_version_is_read_from_every_packagers_pg_ctl() {
        assert_eq!(major_version_of("pg_ctl (PostgreSQL) 15.19\n"), "15");
        assert_eq!(major_version_of("pg_ctl (PostgreSQL) 16.4 (Homebrew)\n"), "16");
        assert_eq!(major_version_of("pg_ctl (PostgreSQL) 17.2 (Debian 17.2-1.pgdg120+1)"), "17");
        assert_eq!(major_version_of("pg_ctl (PostgreSQL) 18beta1"), "18");
    }
}
