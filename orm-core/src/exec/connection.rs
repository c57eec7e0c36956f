//! `Connection`: one connection held out of the pool, for a sequence of statements on the same session.

use std::sync::Mutex;

use deadpool_postgres::{ClientWrapper, Object};

use super::client::{ClientRef, Executor, Unfinished};
use crate::error::Result;

/// A connection checked out of the pool with [`Db::connection`](super::Db::connection).
/// It goes back to the pool when dropped.
pub struct Connection {
    client: Option<Object>,
    /// Work a statement started and never finished (its future was dropped).
    abandoned: Mutex<Option<Unfinished>>,
}

impl Connection {
    pub(crate) fn new(client: Object) -> Self {
        Connection {
            client: Some(client),
            abandoned: Mutex::new(None),
        }
    }

    pub(crate) fn session(&self) -> &ClientWrapper {
        self.client
            .as_ref()
            .expect("the client is only taken on drop")
    }

    /// Records unfinished work; the next statement undoes it first.
    pub(crate) fn undo_before_next_statement(&self, unfinished: Unfinished) {
        *self
            .abandoned
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(unfinished);
    }

    fn take_abandoned(&self) -> Option<Unfinished> {
        self.abandoned
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .take()
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").finish_non_exhaustive()
    }
}

impl Executor for Connection {
    async fn client(&self) -> Result<ClientRef<'_>> {
        if let Some(unfinished) = self.take_abandoned() {
            // The abandoned statement may still be running; the undo queues behind it.
            if let Err(err) = self.session().batch_execute(unfinished.undo_sql()).await {
                self.undo_before_next_statement(unfinished);
                return Err(err.into());
            }
        }
        Ok(ClientRef::borrowed(self))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.take_abandoned().is_some() {
            // Never hand a session with unfinished work back to the pool.
            drop(self.client.take().map(Object::take));
        }
    }
}
