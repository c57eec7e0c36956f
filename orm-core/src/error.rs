//! `orm::Error`: every way a query can fail, mapped from SQLSTATE where the server said why.

use std::error::Error as StdError;

use tokio_postgres::error::SqlState;

mod debug;
mod lost_statement;
mod server;

pub(crate) use lost_statement::is_lost_statement;
use server::{describe, find_db_error, with_causes};

/// A boxed error from below `orm` (the pool, the network, a decoder).
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The error type of every fallible `orm` operation.
///
/// Variants name what went wrong (the constraint, the column) and keep the
/// driver's error in a field. Where that error may quote a row or bound value (a
/// server error, a decoder's message) it is not the
/// [`source`](std::error::Error::source), so error reporters that walk the chain of
/// causes (anyhow's `{:?}`, a tracing subscriber) cannot print the value either.
///
/// Neither `Display` nor `Debug` shows a row or bound value: the server's DETAIL
/// (`Key (email)=(..) already exists`) is left out, and so is the input a data exception
/// (SQLSTATE class 22) quotes in its message (`invalid input syntax for type integer:
/// ".."` is shown with `***`); names of constraints, tables and columns stay.
/// [`server_error`](Error::server_error) gives the server's whole error.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `.one()` found no row.
    #[error(
        "no row found where exactly one was expected; use `.first()` (or `fetch_optional`) when none is a valid answer"
    )]
    NotFound,
    /// `.one()` found more than one row.
    #[error("expected exactly one row, found {count}: narrow the filter, or take the first with `.first()`")]
    TooMany {
        /// How many rows came back.
        count: usize,
    },
    /// A unique constraint or index refused the row (SQLSTATE 23505).
    #[error("unique constraint `{constraint}` violated")]
    UniqueViolation {
        /// The constraint name.
        constraint: String,
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// A foreign key refused the change (SQLSTATE 23503).
    #[error("foreign key `{constraint}` violated")]
    ForeignKeyViolation {
        /// The constraint name.
        constraint: String,
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// A CHECK constraint refused the row (SQLSTATE 23514).
    #[error("check constraint `{constraint}` violated")]
    CheckViolation {
        /// The constraint name.
        constraint: String,
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// NULL was written to a NOT NULL column (SQLSTATE 23502).
    #[error("column `{column}` cannot be NULL")]
    NotNullViolation {
        /// The column name.
        column: String,
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// A serializable transaction could not be serialized (SQLSTATE 40001): retry it.
    #[error("could not serialize access: retry the transaction")]
    SerializationFailure {
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// The server broke a deadlock by aborting this transaction (SQLSTATE 40P01): retry it.
    #[error("deadlock detected: retry the transaction")]
    Deadlock {
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// A table changed under a statement cached inside a transaction (PostgreSQL:
    /// "cached plan must not change result type", e.g. after `ALTER TABLE .. TYPE`).
    /// The statement left the cache and will be prepared again, but the transaction
    /// was aborted; outside a transaction this is retried once by itself.
    #[error(
        "a table changed under a statement cached inside this transaction, so the transaction was aborted; the statement will be prepared again: run the transaction again"
    )]
    StaleStatement {
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// No pooled connection became free within the pool's wait timeout.
    #[error("timed out waiting for a pooled connection: raise the pool size or the wait timeout")]
    PoolTimeout,
    /// The server could not be reached, or the connection broke.
    #[error("cannot reach PostgreSQL: {}", with_causes(source.as_ref()))]
    Connection {
        /// What the network, the pool or the driver reported.
        #[source]
        source: BoxError,
    },
    /// The TLS connection could not be made or its certificate was refused: the
    /// message says which check failed (no TLS on the server, unknown issuer, host
    /// name mismatch, expired) and what to set.
    #[error("TLS to PostgreSQL failed: {reason}")]
    Tls {
        /// Which check failed and what to set.
        reason: String,
        /// What the TLS library or the driver reported.
        #[source]
        source: Option<BoxError>,
    },
    /// The server refused the credentials (SQLSTATE 28P01 / 28000), or asked for a
    /// password none was given for. Names the user, never the password.
    #[error("authentication failed for user `{user}`: {hint}")]
    Authentication {
        /// The user name connected as.
        user: String,
        /// What to check or set.
        hint: String,
        /// The driver's error.
        #[source]
        source: BoxError,
    },
    /// A statement ran past its time limit and was cancelled on the server: the
    /// call's own `.timeout(..)` passed (the library sent a cancel request), or the
    /// server's `statement_timeout` (SQLSTATE 57014) or `lock_timeout` (SQLSTATE 55P03
    /// raised by the timeout, not by `NOWAIT`) ended it. Another session's
    /// `pg_cancel_backend` also ends a statement with 57014, and lands here too.
    ///
    /// Inside a transaction the transaction is aborted, as by any failed statement.
    #[error(
        "the statement ran past its timeout and was cancelled on the server (`.timeout(..)`, statement_timeout or lock_timeout): make it cheaper (an index, a smaller page) or give it a longer timeout"
    )]
    Timeout {
        /// The server's error, when the server reported the cancel; `None` when the
        /// call's timeout passed before a statement was sent, or the server did not
        /// answer the cancel in time (the connection was then closed, not pooled).
        #[source]
        source: Option<BoxError>,
    },
    /// A transaction pooler (PgBouncer, Supavisor in transaction mode) ran this
    /// connection's statement on another server session, which lacks (SQLSTATE 26000) or
    /// already has (42P05) the prepared statement it named: turn on the pooler mode,
    /// which sends every statement unnamed.
    #[error(
        "a connection pooler in transaction mode moved this connection to another server session, which does not have its prepared statement: set `DbBuilder::pooler_mode(PoolerMode::Transaction)` or add `pooler_mode=transaction` to the URL"
    )]
    TransactionPooler {
        /// The server's whole error. It is not the [`source`](std::error::Error::source):
        /// its DETAIL and message may hold row values; see [`Error::server_error`].
        server: tokio_postgres::Error,
    },
    /// Something that needs one server session across statements (a held connection,
    /// a session-level advisory lock, `LISTEN`, session settings) was asked of a pool in
    /// [`PoolerMode::Transaction`](crate::PoolerMode::Transaction), whose consecutive
    /// transactions may each run on another server session.
    #[error("{feature} does not work through a transaction pooler (`PoolerMode::Transaction`): {instead}")]
    NeedsSession {
        /// What was asked.
        feature: &'static str,
        /// What to do instead.
        instead: &'static str,
    },
    /// A column value could not be decoded into the field's Rust type.
    #[error("cannot decode column `{column}` of type `{found}` into `{expected}`")]
    Decode {
        /// The column name in the result.
        column: String,
        /// The Rust type asked for.
        expected: &'static str,
        /// The PostgreSQL type found (or `NULL`).
        found: String,
        /// The decoder's error. It is not the [`source`](std::error::Error::source):
        /// a decoder's message may quote the value (serde_json does).
        cause: BoxError,
    },
    /// A belongs_to relation with a non-null foreign key found no related row: it was
    /// filtered out by the relation's own filter, or the schema lacks the foreign key.
    #[error(
        "no `{table}` row for a non-null foreign key: the relation's filter excluded it or the row is gone; make the foreign key field an Option to allow a missing row"
    )]
    RelatedRowMissing {
        /// The related table.
        table: &'static str,
    },
    /// An UPDATE (or ON CONFLICT DO UPDATE) with nothing to set.
    #[error(
        "the UPDATE of `{table}` sets no column: call `.set(..)` or pass a patch with at least one field"
    )]
    EmptyUpdate {
        /// The table name.
        table: &'static str,
    },
    /// An update checked with `.expect_version(v)` changed no row: the row's version
    /// moved on since it was read (another writer updated it), or the row is gone.
    /// Nothing was changed.
    #[error(
        "stale write to `{table}`: no row matched the filter with the expected version, so the row was updated by someone else (or deleted) since it was read; nothing was changed: reload the row and retry"
    )]
    StaleWrite {
        /// The table name.
        table: &'static str,
    },
    /// An UPDATE (or ON CONFLICT DO UPDATE) sets a column that only the database and
    /// the builders write: `#[column(created_at)]` or `#[column(version)]`. Refused
    /// before sending.
    #[error("column `{column}` of `{table}` is `#[column({attribute})]`: {}", read_only_advice(attribute))]
    ReadOnlyColumn {
        /// The table name.
        table: &'static str,
        /// The column name.
        column: &'static str,
        /// The attribute that makes it read-only: `created_at` or `version`.
        attribute: &'static str,
    },
    /// A statement needs more bind parameters than PostgreSQL accepts (65,535).
    #[error("the statement needs {count} bind parameters, PostgreSQL accepts at most 65535: split it")]
    TooManyParameters {
        /// How many parameters the statement would bind.
        count: usize,
    },
    /// A script run through a pool left a transaction open (`BEGIN` without `COMMIT`);
    /// it was rolled back rather than handed to the next caller.
    #[error(
        "the script left a transaction open, so it was rolled back; end it with COMMIT, or hold a session with `db.connection()`"
    )]
    OpenTransaction,
    /// Isolation level, read only or deferrable were asked of a nested transaction,
    /// which is a savepoint and cannot change them.
    #[error(
        "a nested transaction is a savepoint: isolation level, read only and deferrable can only be set on the outermost transaction"
    )]
    NestedTransactionOptions,
    /// A statement inside the transaction failed (so PostgreSQL aborted it) or was
    /// cancelled mid-flight, yet the closure returned `Ok`: the transaction was rolled
    /// back rather than report a commit that did not happen.
    #[error(
        "a statement in this transaction failed or was cancelled, so it was rolled back although the closure returned Ok; return the error, or run the statement that may fail in a nested transaction"
    )]
    TransactionAborted,
    /// A statement ran on a transaction while a nested transaction was open on it
    /// (it would have run inside the nested one's savepoint).
    #[error(
        "this transaction has a nested transaction open: run the statement on the nested one, or after it ends"
    )]
    TransactionBusy,
    /// A raw SQL result does not have the columns the target type decodes.
    #[error("the result does not fit `{target}`: expected {expected}, found {found}")]
    ResultShape {
        /// The type (or table) decoded into.
        target: &'static str,
        /// What it needs.
        expected: String,
        /// What the result had.
        found: String,
    },
    /// A page cursor that this query cannot continue from: changed, cut short, made for
    /// a query with another ORDER BY, or signed with another key (another pool, or a
    /// restart without `DbBuilder::cursor_key`). Nothing was sent.
    #[error(
        "invalid page cursor: it was changed, cut short, made by a query with another ORDER BY, or signed with another cursor key; ask for the first page again (without `.after(..)`)"
    )]
    InvalidCursor,
    /// A query PostgreSQL would refuse, caught before sending it.
    #[error("invalid query: {0}")]
    InvalidQuery(&'static str),
    /// Raw SQL that cannot run as given.
    #[error("invalid raw SQL: {0}")]
    InvalidRawSql(&'static str),
    /// The database URL could not be parsed.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// A row failed validation before it was sent: every failing field, with a
    /// code and a message each (`new_user.validate()?`).
    #[error("{0}")]
    Validation(#[from] crate::validate::ValidationErrors),
    /// Any other error the server or the driver reported.
    #[error("{}", describe(.0))]
    Db(tokio_postgres::Error),
}

impl From<tokio_postgres::Error> for Error {
    fn from(err: tokio_postgres::Error) -> Self {
        let Some(db) = err.as_db_error() else {
            if err.is_closed() {
                return Error::Connection { source: Box::new(Closed(err)) };
            }
            return if err.source().is_some_and(|s| s.is::<std::io::Error>()) {
                Error::Connection { source: Box::new(err) }
            } else {
                Error::Db(err)
            };
        };
        let constraint = db.constraint().unwrap_or_default().to_owned();
        match *db.code() {
            SqlState::UNIQUE_VIOLATION => Error::UniqueViolation { constraint, server: err },
            SqlState::FOREIGN_KEY_VIOLATION => Error::ForeignKeyViolation { constraint, server: err },
            SqlState::CHECK_VIOLATION => Error::CheckViolation { constraint, server: err },
            SqlState::NOT_NULL_VIOLATION => {
                let column = db.column().unwrap_or_default().to_owned();
                Error::NotNullViolation { column, server: err }
            }
            SqlState::T_R_SERIALIZATION_FAILURE => Error::SerializationFailure { server: err },
            SqlState::T_R_DEADLOCK_DETECTED => Error::Deadlock { server: err },
            SqlState::INVALID_SQL_STATEMENT_NAME | SqlState::DUPLICATE_PSTATEMENT
                if is_lost_statement(&err) =>
            {
                Error::TransactionPooler { server: err }
            }
            SqlState::QUERY_CANCELED => Error::Timeout { source: Some(Box::new(err)) },
            // lock_timeout's 55P03 comes from the interrupt handler; NOWAIT's from the lock manager.
            SqlState::LOCK_NOT_AVAILABLE if db.routine() == Some("ProcessInterrupts") => {
                Error::Timeout { source: Some(Box::new(err)) }
            }
            SqlState::ADMIN_SHUTDOWN
            | SqlState::CRASH_SHUTDOWN
            | SqlState::CANNOT_CONNECT_NOW
            | SqlState::INVALID_CATALOG_NAME
            | SqlState::INVALID_PASSWORD
            | SqlState::INVALID_AUTHORIZATION_SPECIFICATION => Error::Connection { source: Box::new(err) },
            _ => Error::Db(err),
        }
    }
}

/// What to do instead of setting an audit column.
fn read_only_advice(attribute: &str) -> &'static str {
    if attribute == "version" {
        "every update adds one to it by itself; remove this `.set(..)`, and check the version read with `.expect_version(v)`"
    } else {
        "it keeps when the row was inserted and no update changes it; remove this `.set(..)`"
    }
}

/// A connection found closed when a statement was sent: says what usually closes one.
#[derive(Debug)]
struct Closed(tokio_postgres::Error);

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the connection was closed (the server restarted, or ended the session: \
             pg_terminate_backend, or a timeout such as idle_in_transaction_session_timeout); \
             a transaction open on it was rolled back by the server, and the pool replaces the connection",
        )
    }
}

impl StdError for Closed {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.0)
    }
}

impl Error {
    /// The server's whole error, when the server refused the statement (or the
    /// connection): SQLSTATE, message, DETAIL, HINT, CONTEXT and the names of the
    /// schema, table, column, type and constraint.
    ///
    /// Its message and DETAIL may hold row and bound values (`Key (email)=(..) already
    /// exists`, `Failing row contains (..)`, `invalid input syntax for type integer:
    /// ".."`): do not log it unless you mean to. `Display` and `Debug` of the error leave
    /// them out.
    ///
    /// ```no_run
    /// # async fn demo(db: &orm_core::Db) {
    /// use orm_core::{Error, Executor};
    ///
    /// let err = db.batch_execute("INSERT INTO users (email) VALUES ('ada@x.io')").await.unwrap_err();
    /// if let Error::UniqueViolation { .. } = &err {
    ///     let detail = err.server_error().and_then(|db| db.detail());
    ///     assert_eq!(detail, Some("Key (email)=(ada@x.io) already exists."));
    /// }
    /// # }
    /// ```
    pub fn server_error(&self) -> Option<&tokio_postgres::error::DbError> {
        match self {
            Error::UniqueViolation { server, .. }
            | Error::ForeignKeyViolation { server, .. }
            | Error::CheckViolation { server, .. }
            | Error::NotNullViolation { server, .. }
            | Error::SerializationFailure { server }
            | Error::Deadlock { server }
            | Error::StaleStatement { server }
            | Error::TransactionPooler { server }
            | Error::Db(server) => server.as_db_error(),
            Error::Connection { source } | Error::Authentication { source, .. } => {
                find_db_error(source.as_ref())
            }
            Error::Timeout { source: Some(source) } | Error::Tls { source: Some(source), .. } => {
                find_db_error(source.as_ref())
            }
            _ => None,
        }
    }

    /// `true` when the server refused the statement (and so aborted an open transaction).
    pub(crate) fn is_server_error(&self) -> bool {
        match self {
            Error::UniqueViolation { .. }
            | Error::ForeignKeyViolation { .. }
            | Error::CheckViolation { .. }
            | Error::NotNullViolation { .. }
            | Error::SerializationFailure { .. }
            | Error::Deadlock { .. }
            | Error::StaleStatement { .. }
            // Cancelled on the server, or still running there: the transaction cannot go on.
            | Error::Timeout { .. } => true,
            Error::Db(err) => err.as_db_error().is_some(),
            _ => false,
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
