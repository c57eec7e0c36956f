//! `Debug` for [`Error`]: every variant with its fields, and the server's error as
//! SQLSTATE, the shown message and the names it gives; never a row or bound value.
//!
//! A derived `Debug` would print the driver's error whole, DETAIL included (`Key
//! (email)=(..) already exists`), wherever `unwrap()`, `{:?}` or `fn main() -> Result`
//! shows an error. `Error::server_error` gives that on purpose.

use std::error::Error as StdError;
use std::fmt;

use super::server::{ServerSummary, with_causes};
use super::{BoxError, Error};

/// A driver's error as `Debug` shows it: a server error as its summary, anything else
/// as the driver's words with their causes.
struct Driver<'a>(&'a (dyn StdError + 'static));

impl fmt::Debug for Driver<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.downcast_ref::<tokio_postgres::Error>().and_then(tokio_postgres::Error::as_db_error) {
            Some(db) => ServerSummary(db).fmt(f),
            None => fmt::Debug::fmt(&with_causes(self.0), f),
        }
    }
}

fn driver(err: &tokio_postgres::Error) -> Driver<'_> {
    Driver(err)
}

fn boxed(err: &BoxError) -> Driver<'_> {
    Driver(err.as_ref())
}

/// `Variant { constraint: "..", source: .. }`: an integrity violation and what it names.
fn violation(
    f: &mut fmt::Formatter<'_>,
    variant: &str,
    (field, name): (&str, &String),
    source: &tokio_postgres::Error,
) -> fmt::Result {
    f.debug_struct(variant).field(field, name).field("source", &driver(source)).finish()
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound => f.write_str("NotFound"),
            Error::TooMany { count } => f.debug_struct("TooMany").field("count", count).finish(),
            Error::UniqueViolation { constraint, server } => {
                violation(f, "UniqueViolation", ("constraint", constraint), server)
            }
            Error::ForeignKeyViolation { constraint, server } => {
                violation(f, "ForeignKeyViolation", ("constraint", constraint), server)
            }
            Error::CheckViolation { constraint, server } => {
                violation(f, "CheckViolation", ("constraint", constraint), server)
            }
            Error::NotNullViolation { column, server } => {
                violation(f, "NotNullViolation", ("column", column), server)
            }
            Error::SerializationFailure { server } => {
                f.debug_struct("SerializationFailure").field("server", &driver(server)).finish()
            }
            Error::Deadlock { server } => {
                f.debug_struct("Deadlock").field("server", &driver(server)).finish()
            }
            Error::StaleStatement { server } => {
                f.debug_struct("StaleStatement").field("server", &driver(server)).finish()
            }
            Error::PoolTimeout => f.write_str("PoolTimeout"),
            Error::Connection { source } => {
                f.debug_struct("Connection").field("source", &boxed(source)).finish()
            }
            Error::Tls { reason, source } => f
                .debug_struct("Tls")
                .field("reason", reason)
                .field("source", &source.as_ref().map(boxed))
                .finish(),
            Error::Authentication { user, hint, source } => f
                .debug_struct("Authentication")
                .field("user", user)
                .field("hint", hint)
                .field("source", &boxed(source))
                .finish(),
            Error::Timeout { source } => {
                f.debug_struct("Timeout").field("source", &source.as_ref().map(boxed)).finish()
            }
            Error::TransactionPooler { server } => {
                f.debug_struct("TransactionPooler").field("server", &driver(server)).finish()
            }
            Error::NeedsSession { feature, instead } => {
                f.debug_struct("NeedsSession").field("feature", feature).field("instead", instead).finish()
            }
            // The decoder's error is left out: it may quote the value (serde_json does).
            Error::Decode { column, expected, found, cause: _ } => f
                .debug_struct("Decode")
                .field("column", column)
                .field("expected", expected)
                .field("found", found)
                .finish_non_exhaustive(),
            Error::RelatedRowMissing { table } => {
                f.debug_struct("RelatedRowMissing").field("table", table).finish()
            }
            Error::EmptyUpdate { table } => f.debug_struct("EmptyUpdate").field("table", table).finish(),
            Error::StaleWrite { table } => f.debug_struct("StaleWrite").field("table", table).finish(),
            Error::ReadOnlyColumn { table, column, attribute } => f
                .debug_struct("ReadOnlyColumn")
                .field("table", table)
                .field("column", column)
                .field("attribute", attribute)
                .finish(),
            Error::TooManyParameters { count } => {
                f.debug_struct("TooManyParameters").field("count", count).finish()
            }
            Error::OpenTransaction => f.write_str("OpenTransaction"),
            Error::NestedTransactionOptions => f.write_str("NestedTransactionOptions"),
            Error::TransactionAborted => f.write_str("TransactionAborted"),
            Error::TransactionBusy => f.write_str("TransactionBusy"),
            Error::ResultShape { target, expected, found } => f
                .debug_struct("ResultShape")
                .field("target", target)
                .field("expected", expected)
                .field("found", found)
                .finish(),
            Error::InvalidCursor => f.write_str("InvalidCursor"),
            Error::InvalidQuery(reason) => f.debug_tuple("InvalidQuery").field(reason).finish(),
            Error::InvalidRawSql(reason) => f.debug_tuple("InvalidRawSql").field(reason).finish(),
            Error::InvalidUrl(reason) => f.debug_tuple("InvalidUrl").field(reason).finish(),
            Error::Validation(errors) => f.debug_tuple("Validation").field(errors).finish(),
            Error::Db(source) => f.debug_tuple("Db").field(&driver(source)).finish(),
        }
    }
}
