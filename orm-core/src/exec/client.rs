//! `Executor`: anything statements can run on (`Db`, `Connection`, later transactions).

use std::future::Future;
use std::ops::Deref;

use deadpool_postgres::{ClientWrapper, Object};

use super::Connection;

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

/// A client checked out of the pool, or borrowed from a [`Connection`] the caller holds.
///
/// While a transaction this call opened is unfinished (see [`TransactionGuard`]), dropping
/// the `ClientRef` (an error path, a panic, a cancelled future) never lets the session be
/// used as if it were idle: a pooled client is removed from the pool and closed, which
/// makes the server roll back; a borrowed connection is marked to roll back before its
/// next statement.
#[doc(hidden)]
pub struct ClientRef<'a> {
    source: Source<'a>,
    transaction_open: bool,
}

// Lives on the stack for one call; boxing the pooled object would cost an allocation per statement.
#[allow(clippy::large_enum_variant)]
enum Source<'a> {
    Pooled(Option<Object>),
    Borrowed(&'a Connection),
}

impl<'a> ClientRef<'a> {
    pub(crate) fn pooled(object: Object) -> Self {
        ClientRef {
            source: Source::Pooled(Some(object)),
            transaction_open: false,
        }
    }

    pub(crate) fn borrowed(connection: &'a Connection) -> Self {
        ClientRef {
            source: Source::Borrowed(connection),
            transaction_open: false,
        }
    }

    /// Sends `BEGIN`; until [`commit`](Self::commit) or [`rollback`](Self::rollback)
    /// succeed, the session is treated as dirty.
    pub(crate) async fn begin(&mut self) -> Result<()> {
        self.transaction_open = true;
        self.batch_execute("BEGIN").await?;
        Ok(())
    }

    /// Sends `COMMIT`.
    pub(crate) async fn commit(&mut self) -> Result<()> {
        self.batch_execute("COMMIT").await?;
        self.transaction_open = false;
        Ok(())
    }

    /// Sends `ROLLBACK`.
    pub(crate) async fn rollback(&mut self) -> Result<()> {
        self.batch_execute("ROLLBACK").await?;
        self.transaction_open = false;
        Ok(())
    }
}

impl Deref for ClientRef<'_> {
    type Target = ClientWrapper;

    fn deref(&self) -> &ClientWrapper {
        match &self.source {
            Source::Pooled(Some(object)) => object,
            Source::Pooled(None) => unreachable!("the pooled client is only taken on drop"),
            Source::Borrowed(connection) => connection.session(),
        }
    }
}

impl Drop for ClientRef<'_> {
    fn drop(&mut self) {
        if !self.transaction_open {
            return;
        }
        match &mut self.source {
            // Out of the pool and closed: the server rolls the transaction back.
            Source::Pooled(object) => drop(object.take().map(Object::take)),
            Source::Borrowed(connection) => connection.mark_transaction_abandoned(),
        }
    }
}
