//! `SessionState` and `Unfinished`: what a held session (a `Connection` or a
//! `Transaction`) remembers so that abandoned work is undone before the next statement.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use deadpool_postgres::ClientWrapper;

use crate::error::Result;

/// Work that was started on a session and must be undone if it does not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unfinished {
    /// A transaction this library began.
    Transaction,
    /// A savepoint of this name inside an open transaction.
    Savepoint(&'static str),
}

impl Unfinished {
    /// The script that undoes the unfinished work.
    pub(crate) fn undo_sql(&self) -> String {
        match self {
            Unfinished::Transaction => "ROLLBACK".to_owned(),
            Unfinished::Savepoint(name) => {
                format!("ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}")
            }
        }
    }

    /// The script that keeps the work.
    pub(crate) fn keep_sql(&self) -> String {
        match self {
            Unfinished::Transaction => "COMMIT".to_owned(),
            Unfinished::Savepoint(name) => format!("RELEASE SAVEPOINT {name}"),
        }
    }
}

/// Savepoint names by nesting depth; deeper nesting reuses the last name, which
/// PostgreSQL allows (the newest savepoint of a name is the one addressed).
pub(crate) fn savepoint_name(depth: u32) -> &'static str {
    const NAMES: [&str; 8] =
        ["orm_sp_1", "orm_sp_2", "orm_sp_3", "orm_sp_4", "orm_sp_5", "orm_sp_6", "orm_sp_7", "orm_sp_8"];
    NAMES[(depth.max(1) as usize - 1).min(NAMES.len() - 1)]
}

/// What a held session remembers between statements.
#[derive(Debug, Default)]
pub(crate) struct SessionState {
    /// Work a statement started and never finished (its future was dropped).
    abandoned: Mutex<Option<Unfinished>>,
    /// The caller opened a transaction block with a script (`BEGIN`) and has not ended it.
    caller_block: AtomicBool,
    /// The state of a [`Transaction`](super::Transaction): statement failures and
    /// dropped statements spoil it.
    transaction: bool,
    /// A statement in this transaction failed (the server aborted it) or was dropped
    /// mid-flight (its effect is unknown): the transaction must not commit.
    spoiled: AtomicBool,
    /// A nested transaction is open on this one: its own statements must wait.
    busy: AtomicBool,
    /// The `BEGIN` of this transaction, not sent yet: it travels with the first statement.
    pending_begin: Mutex<Option<String>>,
    /// A statement cancelled for its timeout may still be running on the session: it
    /// must not go back to the pool, and no unit of work waits behind it to end.
    discarded: AtomicBool,
}

impl SessionState {
    /// The state of a transaction (or savepoint) unit.
    pub(crate) fn for_transaction() -> Self {
        SessionState { transaction: true, ..SessionState::default() }
    }

    /// Records that a statement failed or was abandoned inside this transaction.
    pub(crate) fn spoil(&self) {
        if self.transaction {
            self.spoiled.store(true, Ordering::SeqCst);
        }
    }

    /// Clears a failure that a savepoint rollback has undone.
    pub(crate) fn recover(&self) {
        self.spoiled.store(false, Ordering::SeqCst);
    }

    /// Whether the transaction may no longer commit.
    pub(crate) fn is_spoiled(&self) -> bool {
        self.spoiled.load(Ordering::SeqCst)
    }

    /// Marks a nested transaction open (or closed) on this one.
    pub(crate) fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
    }

    /// Whether a nested transaction is open on this one.
    pub(crate) fn is_busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    /// Defers this transaction's `BEGIN` to travel with its first statement.
    pub(crate) fn defer_begin(&self, begin: String) {
        *self.pending_begin.lock().unwrap_or_else(|poison| poison.into_inner()) = Some(begin);
    }

    /// The deferred `BEGIN`, if it has not been sent: whoever takes it sends it.
    pub(crate) fn take_begin(&self) -> Option<String> {
        self.pending_begin.lock().unwrap_or_else(|poison| poison.into_inner()).take()
    }

    /// Sends the deferred `BEGIN`, if any, and waits for it.
    pub(crate) async fn flush_begin(&self, client: &ClientWrapper) -> Result<()> {
        match self.take_begin() {
            Some(begin) => Ok(client.batch_execute(&begin).await?),
            None => Ok(()),
        }
    }

    /// Records unfinished work; the next statement undoes it first.
    pub(crate) fn undo_before_next_statement(&self, unfinished: Unfinished) {
        *self.abandoned.lock().unwrap_or_else(|poison| poison.into_inner()) = Some(unfinished);
    }

    /// `true` when work was abandoned and not yet undone.
    pub(crate) fn has_abandoned(&self) -> bool {
        self.abandoned.lock().unwrap_or_else(|poison| poison.into_inner()).is_some()
    }

    /// Undoes abandoned work, if any. The abandoned statement may still be running;
    /// the undo queues behind it.
    pub(crate) async fn settle(&self, client: &ClientWrapper) -> Result<()> {
        let abandoned = self.abandoned.lock().unwrap_or_else(|poison| poison.into_inner()).take();
        if let Some(unfinished) = abandoned {
            if let Err(err) = client.batch_execute(&unfinished.undo_sql()).await {
                self.undo_before_next_statement(unfinished);
                return Err(err.into());
            }
        }
        Ok(())
    }

    /// Records that a cancelled statement may still be running on the session.
    pub(crate) fn discard(&self) {
        self.discarded.store(true, Ordering::SeqCst);
    }

    /// Whether a cancelled statement may still be running on the session.
    pub(crate) fn is_discarded(&self) -> bool {
        self.discarded.load(Ordering::SeqCst)
    }

    /// Whether statements on this session run inside a transaction block: a
    /// [`Transaction`](super::Transaction)'s, or one the caller's script opened.
    pub(crate) fn in_block(&self) -> bool {
        self.transaction || self.caller_block()
    }

    /// Whether the caller's own script left a transaction block open.
    pub(crate) fn caller_block(&self) -> bool {
        self.caller_block.load(Ordering::SeqCst)
    }

    pub(crate) fn set_caller_block(&self, open: bool) {
        self.caller_block.store(open, Ordering::SeqCst);
    }
}
