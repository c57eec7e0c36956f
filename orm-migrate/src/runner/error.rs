//! `MigrateError`: every way reading or running migrations can fail, saying what to do about it.

use std::path::PathBuf;
use std::time::Duration;

/// Why [`Migrator`](crate::Migrator) refused to read or run migrations.
///
/// The refusals checked before anything runs ([`ChecksumMismatch`](Self::ChecksumMismatch),
/// [`MissingOnDisk`](Self::MissingOnDisk), [`OutOfOrder`](Self::OutOfOrder),
/// [`LockTimeout`](Self::LockTimeout)) leave the database untouched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// An applied migration's `up.sql` differs from the one that ran.
    #[error(
        "migration {version}_{name} was edited after it was applied: restore its up.sql, or write a new migration for the change"
    )]
    ChecksumMismatch {
        /// The migration's version.
        version: i64,
        /// The migration's name.
        name: String,
    },
    /// The database records a migration that is not among the migrations given.
    #[error(
        "migration {version}_{name} was applied to this database but is missing from the migrations: restore its directory, or run a build that has it"
    )]
    MissingOnDisk {
        /// The applied migration's version.
        version: i64,
        /// The applied migration's name, as recorded.
        name: String,
    },
    /// A pending migration is older than the newest applied one.
    #[error(
        "migration {version}_{name} is older than the newest applied migration {newest_applied}: give it a newer version, or allow it with `allow_out_of_order(true)`"
    )]
    OutOfOrder {
        /// The pending migration's version.
        version: i64,
        /// The pending migration's name.
        name: String,
        /// The version of the newest applied migration.
        newest_applied: i64,
    },
    /// Another migrator held the migration lock for the whole of `lock_timeout`.
    #[error(
        "another migrator held the migration lock for {waited:?}: wait until it finishes, or raise `lock_timeout`"
    )]
    LockTimeout {
        /// How long this migrator waited.
        waited: Duration,
    },
    /// A migration's SQL failed.
    #[error("{}", failed_message(*.version, .name, .statement.as_deref(), .source))]
    Failed {
        /// The migration's version.
        version: i64,
        /// The migration's name.
        name: String,
        /// For an `-- orm:no-transaction` migration, the statement that failed
        /// (the statements before it stay applied); `None` for a transactional one,
        /// which was rolled back as a whole.
        statement: Option<String>,
        /// The server's error (boxed, to keep `Result<_, MigrateError>` small).
        #[source]
        source: Box<orm_core::Error>,
    },
    /// A migration's statement waited longer than
    /// [`ddl_lock_timeout`](crate::Migrator::ddl_lock_timeout) for a lock on a table
    /// that another session is using, and gave up rather than make every reader of
    /// that table queue behind it.
    #[error("{}", busy_message(*.version, .name, .statement.as_deref(), *.waited))]
    TableBusy {
        /// The migration's version.
        version: i64,
        /// The migration's name.
        name: String,
        /// For an `-- orm:no-transaction` migration, the statement that gave up (the
        /// statements before it stay applied); `None` for a transactional one, which
        /// was rolled back as a whole.
        statement: Option<String>,
        /// How long the statement waited.
        waited: Duration,
    },
    /// A migrations directory or file could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// An entry of a migrations directory is not a migration.
    #[error("{} is not a valid migration: {reason}", .path.display())]
    InvalidMigration {
        /// The entry.
        path: PathBuf,
        /// What is wrong with it, and the expected form.
        reason: String,
    },
    /// A migration that runs in a transaction controls the transaction itself
    /// (`COMMIT`, `BEGIN`, `ROLLBACK`, `END`, ..): part of it could commit while the
    /// rest fails. Refused before any pending migration runs.
    #[error(
        "migration {version}_{name}, line {line}: `{statement}` ends or starts a transaction, but the migration already runs in one (with its row in _orm_migrations), so a failure after it would leave part of the migration applied; remove it, or put `-- orm:no-transaction` on the first line of up.sql to run the statements one by one outside a transaction"
    )]
    TransactionControl {
        /// The migration's version.
        version: i64,
        /// The migration's name.
        name: String,
        /// The line of up.sql where the statement starts.
        line: usize,
        /// The statement's first line.
        statement: String,
    },
    /// Two migrations have the same version.
    #[error("two migrations have version {version}: give one of them a new version")]
    DuplicateVersion {
        /// The version both have.
        version: i64,
    },
    /// The migration bookkeeping (connection, lock, tracking table) failed.
    #[error("{0}")]
    Db(#[from] orm_core::Error),
}

fn failed_message(version: i64, name: &str, statement: Option<&str>, source: &orm_core::Error) -> String {
    match statement {
        None => format!(
            "migration {version}_{name} failed and was rolled back: {source}; fix its up.sql and run again"
        ),
        Some(statement) => format!(
            "migration {version}_{name} failed at `{statement}`: {source}; it runs outside a transaction, so the statements before this one stay applied: make them safe to repeat (IF NOT EXISTS) and run again"
        ),
    }
}

fn busy_message(version: i64, name: &str, statement: Option<&str>, waited: Duration) -> String {
    let undone = match statement {
        None => "it was rolled back".to_owned(),
        Some(statement) => format!("it stopped at `{statement}` (the statements before it stay applied)"),
    };
    format!(
        "migration {version}_{name} waited {waited:?} for a table another session is using, so {undone} \
         rather than queue the table's readers behind it: run it again once the long transaction ends \
         (pg_stat_activity shows it), or raise `ddl_lock_timeout`"
    )
}

impl From<tokio_postgres::Error> for MigrateError {
    fn from(err: tokio_postgres::Error) -> Self {
        MigrateError::Db(err.into())
    }
}
