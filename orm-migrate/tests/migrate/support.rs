//! Test support: a temporary migrations directory and the CLI run in-process.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("orm-migrate-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn str(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }

    /// The migration directories in it, by name.
    pub fn migrations(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("read the temp dir")
            .map(|e| e.expect("an entry").file_name().into_string().expect("UTF-8"))
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one CLI run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: u8,
    pub out: String,
    pub err: String,
}

/// Runs the CLI in-process against `schema`, as `<program> <args..>`.
/// It runs on its own thread: the CLI starts its own runtime.
pub fn cli(schema: &orm::Schema, args: &[&str]) -> Run {
    let schema = schema.clone();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    std::thread::spawn(move || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = orm_migrate::cli::run_with(&schema, args, &mut out, &mut err);
        Run { code, out: String::from_utf8(out).expect("UTF-8"), err: String::from_utf8(err).expect("UTF-8") }
    })
    .join()
    .expect("the CLI does not panic")
}

/// The URL of a test database: `DATABASE_URL` with its database replaced.
pub fn url_of(db: &orm::testing::TestDb) -> String {
    let url = orm::testing::database_url();
    let (base, query) = url.split_once('?').map_or((url.as_str(), None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a URL with a database");
    match query {
        Some(query) => format!("{server}/{}?{query}", db.name()),
        None => format!("{server}/{}", db.name()),
    }
}

/// The first column of every row, as text.
pub async fn texts(db: &orm::testing::TestDb, sql: &str) -> Vec<String> {
    let client = db.db().pool().get().await.expect("a connection");
    client.query(sql, &[]).await.expect("query").iter().map(|r| r.get::<_, String>(0)).collect()
}
