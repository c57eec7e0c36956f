//! The executor: `Db` over a deadpool pool, pooled connections, and the terminals
//! (`all`, `one`, `first`, `count`, `execute`, `page`) of every statement.

mod advisory_lock;
mod client;
mod connection;
mod copy;
mod db;
mod deadline;
mod explain;
mod page;
mod pipeline;
mod pooler;
mod prepared;
mod run;
mod session;
mod terminals;
mod tls;
mod transaction;
mod url;

pub use client::{ClientRef, Executor};
pub use connection::Connection;
pub use db::{Db, DbBuilder};
pub(crate) use deadline::{Bounded, within_timeout};
pub use pipeline::{Pipeline, Pipelined};
pub use pooler::PoolerMode;
pub(crate) use run::fetch_rendered_decoded;
pub use tls::SslMode;
pub use transaction::{Isolation, Transaction, TransactionOptions};
pub use url::redact_url;
