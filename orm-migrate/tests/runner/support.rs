//! Scratch migrations directories and catalog queries shared by the tests.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use orm::Db;
use orm_migrate::Migrator;

/// The advisory lock key `Migrator` documents.
pub(crate) const LOCK_KEY: i64 = 8030601342179960690;

/// A migrations directory under the system temp dir, removed when dropped.
pub(crate) struct Scratch {
    root: PathBuf,
}

impl Scratch {
    pub(crate) fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique =
            format!("orm_migrate_runner_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let root = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Scratch { root }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.root
    }

    /// Writes `<dir>/up.sql`.
    pub(crate) fn write(&self, dir: &str, up_sql: &str) -> &Scratch {
        std::fs::create_dir_all(self.root.join(dir)).unwrap();
        std::fs::write(self.root.join(dir).join("up.sql"), up_sql).unwrap();
        self
    }

    pub(crate) fn remove(&self, dir: &str) {
        std::fs::remove_dir_all(self.root.join(dir)).unwrap();
    }

    pub(crate) fn migrator(&self) -> Migrator {
        Migrator::from_dir(&self.root).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// One value from a query on a pooled connection.
pub(crate) async fn scalar<T>(db: &Db, sql: &str) -> T
where
    T: for<'a> tokio_postgres::types::FromSql<'a>,
{
    db.pool().get().await.unwrap().query_one(sql, &[]).await.unwrap().get(0)
}

/// `true` when a relation of that name exists.
pub(crate) async fn relation_exists(db: &Db, name: &str) -> bool {
    let client = db.pool().get().await.unwrap();
    client.query_one("SELECT to_regclass($1) IS NOT NULL", &[&name]).await.unwrap().get(0)
}

/// The versions in the tracking table, in order (none when it does not exist).
pub(crate) async fn tracked_versions(db: &Db) -> Vec<i64> {
    if !relation_exists(db, "_orm_migrations").await {
        return vec![];
    }
    let client = db.pool().get().await.unwrap();
    let rows = client.query("SELECT version FROM _orm_migrations ORDER BY version", &[]).await.unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

/// Advisory locks held in this database, by any session.
pub(crate) async fn advisory_locks(db: &Db) -> i64 {
    scalar(
        db,
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
         WHERE l.locktype = 'advisory' AND d.datname = current_database()",
    )
    .await
}
