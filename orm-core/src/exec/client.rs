//! `Executor`: anything statements can run on (`Db`, `Connection`, later transactions).

use std::future::Future;
use std::ops::Deref;

use deadpool_postgres::{ClientWrapper, Object};

use crate::error::{Error, Result};

/// Something statements run on: [`Db`](super::Db) (a pool) or a pooled
/// [`Connection`](super::Connection).
///
/// Every terminal takes `&impl Executor`, so the same query runs on any of them.
pub trait Executor: Send + Sync {
    /// A client to run one statement (or one multi-statement unit) on.
    #[doc(hidden)]
    fn client(&self) -> impl Future<Output = Result<ClientRef<'_>>> + Send;

    /// `true` when statements already run inside a transaction.
    #[doc(hidden)]
    fn in_transaction(&self) -> bool {
        false
    }

    /// Runs a trusted script of one or more statements separated by `;`, without
    /// parameters (DDL, fixtures). Never build the script from user input.
    fn batch_execute(&self, script: &str) -> impl Future<Output = Result<()>> + Send {
        async move {
            let client = self.client().await?;
            client.batch_execute(script).await.map_err(Error::from)
        }
    }
}

/// A client checked out of the pool, or borrowed from a connection the caller holds.
#[doc(hidden)]
// Lives on the stack for one call; boxing the pooled object would cost an allocation per statement.
#[allow(clippy::large_enum_variant)]
pub enum ClientRef<'a> {
    /// Checked out for this call; goes back to the pool when dropped.
    Pooled(Object),
    /// Borrowed from a [`Connection`](super::Connection).
    Borrowed(&'a ClientWrapper),
}

impl Deref for ClientRef<'_> {
    type Target = ClientWrapper;

    fn deref(&self) -> &ClientWrapper {
        match self {
            ClientRef::Pooled(object) => object,
            ClientRef::Borrowed(client) => client,
        }
    }
}
