//! `orm::local::find_database`, as the programs that use it see it: the migrate example
//! (the migration CLI) run with each kind of environment, saying in one line on stderr
//! which database it used. The private server is made in a folder of the test's own,
//! shared by two runs, and stopped by its watchdog once no process uses it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use orm::testing::database_url;

/// The example binary `cargo test` built beside this test binary.
fn migrate_example() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps");
    debug.join("examples").join("migrate")
}

/// A port nobody listens on: the conventional address, moved out of reach.
const NOTHING_THERE: &str = "postgres://postgres@127.0.0.1:1/postgres";

/// `migrate status` with `DATABASE_URL` and the `PG*` variables removed and `env` set.
fn status(env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(migrate_example());
    command.arg("status").current_dir(env!("CARGO_MANIFEST_DIR")).stdin(Stdio::null());
    for var in ["DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied()).output().expect("the migrate example runs")
}

/// The first line the program wrote on stderr: the one naming the database.
fn first_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn database_url_comes_first() {
    let url = database_url();
    let run = status(&[("DATABASE_URL", &url), ("ORM_LOCAL_URL", NOTHING_THERE)]);
    assert!(first_line(&run).starts_with("database: DATABASE_URL ("), "{run:?}");
}

#[test]
fn a_server_answering_at_the_conventional_address_comes_next() {
    // The test server stands in for 127.0.0.1:5432.
    let run = status(&[("ORM_LOCAL_URL", &database_url())]);
    assert!(first_line(&run).starts_with("database: the local server at postgres://"), "{run:?}");
    assert!(run.status.success(), "{run:?}");
}

#[test]
fn with_no_server_a_private_one_is_made_shared_and_stopped_when_unused() {
    let dir = TempDir::new();
    // A start/stop lock left by a process that has ended (killed while starting the
    // server) is broken, not waited on.
    let mut ended = Command::new("true").spawn().expect("`true` runs");
    ended.wait().expect("`true` ends");
    std::fs::create_dir_all(dir.0.join("lock")).expect("a lock folder");
    std::fs::write(dir.0.join("lock/owner"), ended.id().to_string()).expect("its owner");
    let env = [("ORM_LOCAL_URL", NOTHING_THERE), ("ORM_EMBEDDED_DIR", dir.path())];
    let first = status(&env);
    let line = first_line(&first);
    assert!(line.starts_with("database: a private PostgreSQL "), "{first:?}");
    assert!(
        line.contains(" started at postgres://postgres:***@127.0.0.1:"),
        "the password is not shown: {line}"
    );
    assert!(first.status.success(), "{first:?}");
    assert!(dir.0.join("data/PG_VERSION").is_file(), "the cluster is in the folder");

    let second = status(&env);
    assert!(first_line(&second).contains(" already running at "), "{second:?}");
    refuses_a_login_without_its_password(&line);

    // No process uses it now: the watchdog stops it after its grace period.
    let pid_file = dir.0.join("data/postmaster.pid");
    let deadline = Instant::now() + Duration::from_secs(60);
    while pid_file.exists() {
        assert!(Instant::now() < deadline, "the private server was not stopped once unused");
        std::thread::sleep(Duration::from_millis(200));
    }
    let third = status(&env);
    assert!(first_line(&third).contains(" started at "), "started again on the kept cluster: {third:?}");
}

/// Other users of the machine reach 127.0.0.1 too: the private server wants the
/// password it was made with (stored in its folder, readable by its owner alone).
fn refuses_a_login_without_its_password(line: &str) {
    let port = line.split("127.0.0.1:").nth(1).and_then(|rest| rest.split('/').next()).expect("a port");
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let login = runtime.block_on(tokio_postgres::connect(&url, tokio_postgres::NoTls));
    let Err(err) = login else { panic!("the private server let a login without a password in") };
    assert!(format!("{err:?}").contains("password missing"), "{err:?}");
}

#[test]
fn with_no_server_and_no_programs_one_line_says_what_to_install() {
    let dir = TempDir::new();
    let run = status(&[
        ("ORM_LOCAL_URL", NOTHING_THERE),
        ("ORM_EMBEDDED_DIR", dir.path()),
        ("ORM_PG_BINDIR", "/nonexistent"),
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("install PostgreSQL"), "{stderr}");
    assert!(stderr.contains("set DATABASE_URL"), "{stderr}");
}

/// A folder of the test's own, in the temporary folder (which the `postgres` user can
/// reach when the tests run as root); removed with what is in it.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("orm-find-{}", orm::prelude::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        TempDir(dir)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        stop_if_running(&self.0);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Stops a private server left running by a failed test.
fn stop_if_running(dir: &Path) {
    if dir.join("data/postmaster.pid").exists() {
        let pattern = format!("-D {}", dir.join("data").display());
        let _ = Command::new("pkill").args(["-f", "--", &pattern]).status();
    }
}
