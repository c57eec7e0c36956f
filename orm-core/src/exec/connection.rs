//! `Connection`: one connection held out of the pool, for a sequence of statements on the same session.

use std::sync::Arc;

use deadpool_postgres::{ClientWrapper, Object};

use super::cancel::Canceller;
use super::client::{ClientRef, Executor, PoolParts};
use super::lifetime::MaxLifetime;
use super::reset::ChangedSessions;
use super::session::SessionState;
use crate::error::Result;
use crate::keyset::CursorKey;

/// A connection checked out of the pool with [`Db::connection`](super::Db::connection).
/// It goes back to the pool when dropped, unless it holds an open transaction: then
/// it is closed instead, and the server rolls the transaction back. It is closed too
/// when it has outlived the pool's [`max_lifetime`](super::DbBuilder::max_lifetime).
///
/// What raw SQL changes on it (`SET`, a temporary table, ..) holds while it is held,
/// and is reset before the pool hands the session to its next caller.
pub struct Connection {
    client: Option<Object>,
    state: SessionState,
    log_values: bool,
    /// The pool's key for page cursors.
    cursor_key: CursorKey,
    /// The pool's `max_lifetime`, checked when the connection goes back.
    max_lifetime: Option<MaxLifetime>,
    /// How the pool sends cancel requests.
    canceller: Canceller,
    /// The pool's sessions to reset before their next caller.
    changed: Arc<ChangedSessions>,
}

impl Connection {
    pub(crate) fn new(
        client: Object,
        log_values: bool,
        cursor_key: CursorKey,
        max_lifetime: Option<MaxLifetime>,
        canceller: Canceller,
        changed: Arc<ChangedSessions>,
    ) -> Self {
        let state = SessionState::default();
        Connection { client: Some(client), state, log_values, cursor_key, max_lifetime, canceller, changed }
    }

    /// Closes the connection instead of returning it to the pool: the server ends the
    /// session, with its transaction and its locks.
    pub(crate) fn close(mut self) {
        drop(self.client.take().map(Object::take));
    }

    fn session(&self) -> &ClientWrapper {
        self.client.as_ref().expect("the client is only taken on drop")
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").finish_non_exhaustive()
    }
}

impl Executor for Connection {
    async fn client(&self) -> Result<ClientRef<'_>> {
        self.state.settle(self.session()).await?;
        // A pool in transaction-pooler mode hands out no held connection.
        let pool = PoolParts { pooler: None, canceller: &self.canceller, changed: &self.changed };
        Ok(ClientRef::held(self.session(), &self.state, self.log_values, pool))
    }

    fn transaction_depth(&self) -> u32 {
        u32::from(self.state.caller_block())
    }

    fn cursor_key(&self) -> &CursorKey {
        &self.cursor_key
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let expired = || {
            let client = self.client.as_ref();
            self.max_lifetime.zip(client).is_some_and(|(max, client)| max.is_over(Object::metrics(client)))
        };
        // Closed rather than handed back: a session with an open transaction, a statement
        // that may still run, or an old session.
        if self.state.has_abandoned() || self.state.caller_block() || self.state.is_discarded() || expired() {
            drop(self.client.take().map(Object::take));
        }
    }
}
