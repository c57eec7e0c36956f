//! The executor: `Db` over a deadpool pool, pooled connections, and the terminals
//! (`all`, `one`, `first`, `count`, `execute`, `page`) of every statement.

mod advisory_lock;
mod builder;
mod cancel;
mod client;
mod connect_error;
mod connection;
pub(crate) mod conninfo;
mod copy;
mod db;
mod deadline;
mod explain;
mod health;
mod lifetime;
mod maintenance;
mod page;
mod pipeline;
mod pooler;
mod prepared;
mod reset;
mod run;
mod session;
mod startup;
mod statement_types;
mod terminals;
mod tls;
mod transaction;
mod unnamed;
mod url;

pub use builder::DbBuilder;
pub use client::{ClientRef, Executor};
pub use connection::Connection;
pub use db::Db;
pub(crate) use deadline::{Bounded, within_timeout};
pub use health::PoolStatus;
pub use pipeline::{Pipeline, Pipelined};
pub use pooler::PoolerMode;
pub(crate) use run::fetch_rendered_decoded;
pub use tls::SslMode;
pub use transaction::{Isolation, Transaction, TransactionOptions};
pub use url::redact_url;
