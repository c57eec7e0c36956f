//! Session resets: which pooled sessions SQL that orm did not write may have changed
//! (`SET`, `SET ROLE`, a temporary table, `LISTEN`, a session advisory lock, ..), and
//! the reset that cleans such a session before its next caller gets it.
//!
//! Typed statements cannot change a session, so a pool used with them alone never
//! resets anything. Raw SQL (`sql!`, `Sql::raw_unchecked`, `batch_execute`) marks the
//! session it runs on, whether on the pool, a held connection or a transaction (a plain
//! `SET` in a transaction outlives its `COMMIT`); the pool resets a marked session when
//! it is next checked out, and closes it instead if the reset fails.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use deadpool_postgres::{ClientWrapper, Object, StatementCache};

use super::client::{ClientRef, Executor};
use crate::error::Result;
use crate::keyset::CursorKey;

/// What a reset sends, in one round trip: PostgreSQL's `DISCARD ALL` without
/// `DEALLOCATE ALL`, which would drop the statements orm keeps prepared on the session,
/// and without `DISCARD PLANS`, which the server does by itself when a plan's inputs
/// change (the search path, the role, a table). `RESET ALL` returns every setting to
/// the session's default, which keeps what the connection was opened with (the
/// builder's `statement_timeout` and other startup options).
pub(crate) const RESET_SESSION: &str = "CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; \
                                        SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES";

/// The pool's sessions that raw SQL may have changed since their last reset.
#[derive(Debug, Default)]
pub(crate) struct ChangedSessions {
    /// How many sessions are marked: read before the lock is taken, so that checking
    /// out a session costs one atomic load while nothing is marked.
    marked: AtomicUsize,
    /// The marked sessions, each known by its connection's statement cache. A `Weak`
    /// keeps the allocation (so no later connection's cache takes its address) without
    /// keeping the cache alive.
    sessions: Mutex<Vec<Weak<StatementCache>>>,
}

impl ChangedSessions {
    /// Marks `client`'s session changed: it is reset before its next checkout.
    pub(crate) fn mark(&self, client: &ClientWrapper) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poison| poison.into_inner());
        let cache = Arc::downgrade(&client.statement_cache);
        if !sessions.iter().any(|marked| marked.ptr_eq(&cache)) {
            sessions.push(cache);
            self.marked.store(sessions.len(), Ordering::SeqCst);
        }
    }

    /// Takes `client`'s mark, if it has one; forgets the marks of sessions closed since.
    fn take(&self, client: &ClientWrapper) -> bool {
        if self.marked.load(Ordering::SeqCst) == 0 {
            return false;
        }
        let mut sessions = self.sessions.lock().unwrap_or_else(|poison| poison.into_inner());
        let cache = Arc::downgrade(&client.statement_cache);
        let mut found = false;
        sessions.retain(|marked| {
            found |= marked.ptr_eq(&cache);
            !marked.ptr_eq(&cache) && marked.strong_count() > 0
        });
        self.marked.store(sessions.len(), Ordering::SeqCst);
        found
    }

    /// Hands `object` out as it is, or resets it first when it is marked; `None` when
    /// the reset failed and the connection was closed instead.
    pub(crate) async fn settle(&self, object: Object) -> Option<Object> {
        if !self.take(&object) {
            return Some(object);
        }
        // Dropped before the reset is answered (the caller's future was cancelled), the
        // guard closes the connection: a half-reset session never goes back to the pool.
        let guard = Resetting(Some(object));
        let session = guard.0.as_ref().expect("taken only below");
        match session.batch_execute(RESET_SESSION).await {
            Ok(()) => guard.finish(),
            Err(err) => {
                // The reset's text has no bound values; the error names no user data.
                tracing::warn!(error = %err, "a pooled session could not be reset; closing it");
                None
            }
        }
    }
}

/// A session being reset: closed if dropped before [`finish`](Self::finish).
struct Resetting(Option<Object>);

impl Resetting {
    fn finish(mut self) -> Option<Object> {
        self.0.take()
    }
}

impl Drop for Resetting {
    fn drop(&mut self) {
        drop(self.0.take().map(Object::take));
    }
}

/// An executor whose statements may change the session they run on (raw SQL): every
/// client it hands out is marked, so that the pool resets the session before its next
/// caller.
pub(crate) struct ChangesSession<'e, E: ?Sized>(pub(crate) &'e E);

impl<E: Executor + ?Sized> Executor for ChangesSession<'_, E> {
    async fn client(&self) -> Result<ClientRef<'_>> {
        let client = self.0.client().await?;
        client.changes_session();
        Ok(client)
    }

    async fn statement_client(&self) -> Result<ClientRef<'_>> {
        let client = self.0.statement_client().await?;
        client.changes_session();
        Ok(client)
    }

    fn cursor_key(&self) -> &CursorKey {
        self.0.cursor_key()
    }

    fn transaction_depth(&self) -> u32 {
        self.0.transaction_depth()
    }
}
