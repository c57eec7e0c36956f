//! `cargo run --example migrate -- migrate` on an empty database creates the blog
//! schema from the committed `migrations/`; run again it applies nothing; `check`
//! passes because the committed snapshot matches the code.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use orm::testing::{TestDb, database_url};

/// The example binary `cargo test` built beside this test binary.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps");
    debug.join("examples").join(name)
}

/// `DATABASE_URL` with its database replaced by `name`.
fn url_of(name: &str) -> String {
    let url = database_url();
    let (base, query) = url.split_once('?').map_or((url.as_str(), None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a URL with a database");
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// Runs the example with a standard input that stays open and never sends a
/// byte: a command that waited for an answer would never finish.
fn run(url: &str, args: &[&str]) -> Output {
    let mut child = Command::new(example("migrate"))
        .args(args)
        .env("DATABASE_URL", url)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the migrate example runs");
    let _open_stdin = child.stdin.take();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("the example's status").is_none() {
        assert!(
            Instant::now() < deadline,
            "`migrate {}` did not finish: is it reading standard input?",
            args.join(" ")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the example's output")
}

#[tokio::test]
async fn the_migrate_example_creates_the_blog_then_applies_nothing() {
    let db = TestDb::new().await;
    let url = url_of(db.name());

    let first = run(&url, &["migrate"]);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout.lines().count() >= 1 && stdout.lines().all(|l| l.starts_with("applied ")), "{stdout}");
    let client = db.pool().get().await.expect("a connection");
    let tables: Vec<String> = client
        .query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", &[])
        .await
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(tables, ["_orm_migrations", "comments", "post_tags", "posts", "profiles", "tags", "users"]);

    let second = run(&url, &["migrate"]);
    assert!(second.status.success(), "{second:?}");
    assert!(String::from_utf8_lossy(&second.stdout).starts_with("nothing to apply"), "{second:?}");

    let check = run(&url, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let status = run(&url, &["status"]);
    assert!(status.status.success(), "{status:?}");
    assert!(String::from_utf8_lossy(&status.stdout).contains(" applied "), "{status:?}");
}
