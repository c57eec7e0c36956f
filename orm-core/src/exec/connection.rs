//! `Connection`: one connection held out of the pool, for a sequence of statements on the same session.

use std::sync::atomic::{AtomicBool, Ordering};

use deadpool_postgres::{ClientWrapper, Object};

use super::client::{ClientRef, Executor};
use crate::error::Result;

/// A connection checked out of the pool with [`Db::connection`](super::Db::connection).
/// It goes back to the pool when dropped.
pub struct Connection {
    client: Option<Object>,
    /// A transaction opened by a statement that never finished (its future was dropped).
    abandoned_transaction: AtomicBool,
}

impl Connection {
    pub(crate) fn new(client: Object) -> Self {
        Connection {
            client: Some(client),
            abandoned_transaction: AtomicBool::new(false),
        }
    }

    pub(crate) fn session(&self) -> &ClientWrapper {
        self.client
            .as_ref()
            .expect("the client is only taken on drop")
    }

    /// Records that a transaction was left open; the next statement rolls it back first.
    pub(crate) fn mark_transaction_abandoned(&self) {
        self.abandoned_transaction.store(true, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").finish_non_exhaustive()
    }
}

impl Executor for Connection {
    async fn client(&self) -> Result<ClientRef<'_>> {
        if self.abandoned_transaction.load(Ordering::SeqCst) {
            // The abandoned statement may still be running; ROLLBACK queues behind it.
            self.session().batch_execute("ROLLBACK").await?;
            self.abandoned_transaction.store(false, Ordering::SeqCst);
        }
        Ok(ClientRef::borrowed(self))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.abandoned_transaction.load(Ordering::SeqCst) {
            // Never hand a session with an open transaction back to the pool.
            drop(self.client.take().map(Object::take));
        }
    }
}
