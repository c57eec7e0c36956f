//! `Executor`: anything statements can run on (`Db`, `Connection`, `Transaction`),
//! and `ClientRef`, which keeps an unfinished unit of work from leaking into the next one.

use std::future::Future;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};

use deadpool_postgres::{ClientWrapper, Object};

use super::cancel::Canceller;
use super::deadline::Deadline;
use super::lifetime::MaxLifetime;
use super::reset::ChangedSessions;
use super::session::{SessionState, Unfinished};
use super::statement_types::StatementTypes;
use crate::error::{Error, Result};
use crate::keyset::CursorKey;

/// Something statements run on: [`Db`](super::Db) (a pool), a held
/// [`Connection`](super::Connection) or a [`Transaction`](super::Transaction).
///
/// Every terminal takes `&impl Executor`, so the same query runs on any of them.
pub trait Executor: Send + Sync {
    /// A client to run one statement (or one multi-statement unit) on.
    #[doc(hidden)]
    fn client(&self) -> impl Future<Output = Result<ClientRef<'_>>> + Send;

    /// A client to send one statement on: like [`client`](Self::client), except that a
    /// transaction whose `BEGIN` is still unsent lets it travel with the statement.
    #[doc(hidden)]
    fn statement_client(&self) -> impl Future<Output = Result<ClientRef<'_>>> + Send {
        self.client()
    }

    /// The key that signs and checks page cursors: the pool's, on its connections and
    /// transactions too.
    #[doc(hidden)]
    fn cursor_key(&self) -> &CursorKey;

    /// How many transactions (and savepoints) enclose the statements: 0 on the pool.
    #[doc(hidden)]
    fn transaction_depth(&self) -> u32 {
        0
    }

    /// Sends independent statements together on one connection and returns what each
    /// gives back, in order: a select's rows, an insert's, update's or delete's count.
    ///
    /// The statements travel in one round trip (once each is in the connection's
    /// statement cache) instead of one each, and run one after the other on the server.
    /// They are independent: on the pool each runs in its own implicit transaction, so
    /// one failing does not undo the others (the first error is returned); inside a
    /// [`Transaction`](super::Transaction) a failure aborts the transaction as usual.
    /// A `.timeout(..)` on any of the statements bounds the whole batch (the shortest
    /// one given).
    ///
    /// ```text
    /// let (users, posts, archived) = db
    ///     .pipeline((
    ///         User::select().filter(User::ID.eq(7)),
    ///         Post::select().filter(Post::USER_ID.eq(7)),
    ///         Post::update().set(Post::ARCHIVED, true).filter(Post::CREATED_AT.lt(cutoff)),
    ///     ))
    ///     .await?;
    /// ```
    fn pipeline<P: super::pipeline::Pipeline>(
        &self,
        batch: P,
    ) -> impl Future<Output = Result<P::Output>> + Send
    where
        Self: Sized,
    {
        super::pipeline::run_pipeline(self, batch)
    }

    /// Runs a trusted script of one or more statements separated by `;`, without
    /// parameters (DDL, fixtures). Never build the script from user input.
    ///
    /// A script that fails part-way is rolled back as a whole (PostgreSQL runs a
    /// multi-statement script as one transaction). On [`Db`](super::Db) a script must
    /// not leave a transaction open (`BEGIN` without `COMMIT`): the session would go
    /// back to the pool, so it is rolled back and the call fails instead. On a held
    /// [`Connection`](super::Connection) it may; prefer [`Db::transaction`](super::Db::transaction).
    ///
    /// Whatever the script changes in the session (`SET`, a temporary table, ..) does
    /// not reach the pool's next caller: the session is reset before it is reused.
    fn batch_execute(&self, script: &str) -> impl Future<Output = Result<()>> + Send {
        async move {
            let mut client = self.client().await?;
            client.run_script(script).await
        }
    }
}

/// A client checked out of the pool, or borrowed from a session the caller holds.
///
/// While work this call started is unfinished (a transaction or savepoint), dropping
/// the `ClientRef` (an error path, a panic, a cancelled future) never lets the session
/// be used as if it were idle: a pooled client is removed from the pool and closed,
/// which makes the server roll back; a held session undoes the work before its next
/// statement. A pooled client past the pool's `max_lifetime` is closed when dropped
/// instead of going back.
#[doc(hidden)]
pub struct ClientRef<'a> {
    source: Source<'a>,
    unfinished: Option<Unfinished>,
    log_values: bool,
    /// The pool's statement types, in [`PoolerMode::Transaction`](super::PoolerMode::Transaction).
    pooler: Option<&'a StatementTypes>,
    /// The unit sent named statements, which the server forgets when it ends.
    named_statements: bool,
    /// A transaction pooler's type learning opened a transaction of its own on this
    /// client and has not ended it: dropping the client now closes a pooled session.
    learning_open: AtomicBool,
    /// The call's `.timeout(..)`: statements still running when it passes are cancelled.
    deadline: Option<&'a Deadline>,
    /// How the pool sends cancel requests: where its connections go, over their TLS.
    canceller: &'a Canceller,
    /// The pool's sessions to reset before their next caller (see [`reset`](super::reset)).
    changed: &'a ChangedSessions,
}

/// What a pool shares with every client it hands out.
#[derive(Clone, Copy)]
pub(crate) struct PoolParts<'a> {
    /// The pool's statement types, in [`PoolerMode::Transaction`](super::PoolerMode::Transaction).
    pub(crate) pooler: Option<&'a StatementTypes>,
    /// How the pool sends cancel requests.
    pub(crate) canceller: &'a Canceller,
    /// The pool's sessions to reset before their next caller.
    pub(crate) changed: &'a ChangedSessions,
}

// Lives on the stack for one call; boxing the pooled object would cost an allocation per statement.
#[allow(clippy::large_enum_variant)]
enum Source<'a> {
    Pooled(Option<Object>, Option<MaxLifetime>),
    Held(&'a ClientWrapper, &'a SessionState),
}

impl<'a> ClientRef<'a> {
    pub(crate) fn pooled(
        object: Object,
        log_values: bool,
        max_lifetime: Option<MaxLifetime>,
        pool: PoolParts<'a>,
    ) -> Self {
        ClientRef::new(Source::Pooled(Some(object), max_lifetime), log_values, pool)
    }

    pub(crate) fn held(
        client: &'a ClientWrapper,
        state: &'a SessionState,
        log_values: bool,
        pool: PoolParts<'a>,
    ) -> Self {
        ClientRef::new(Source::Held(client, state), log_values, pool)
    }

    fn new(source: Source<'a>, log_values: bool, pool: PoolParts<'a>) -> Self {
        let PoolParts { pooler, canceller, changed } = pool;
        ClientRef {
            source,
            unfinished: None,
            log_values,
            pooler,
            named_statements: false,
            learning_open: AtomicBool::new(false),
            deadline: None,
            canceller,
            changed,
        }
    }

    /// What this client's pool shares with every client it hands out, for another
    /// client on the same session (a transaction's statements).
    pub(crate) fn pool_parts(&self) -> PoolParts<'a> {
        PoolParts { pooler: self.pooler, canceller: self.canceller, changed: self.changed }
    }

    /// How the pool this session came from sends cancel requests.
    pub(crate) fn canceller(&self) -> &'a Canceller {
        self.canceller
    }

    /// Notes that what runs next may change the session (raw SQL): the pool resets it
    /// before its next caller. Through a transaction pooler the session is PgBouncer's
    /// to keep, and nothing is marked (see [`PoolerMode::Transaction`](super::PoolerMode::Transaction)).
    pub(crate) fn changes_session(&self) {
        if self.pooler.is_none() {
            self.changed.mark(self);
        }
    }

    /// The call's deadline, if it has a timeout.
    pub(crate) fn deadline(&self) -> Option<&'a Deadline> {
        self.deadline
    }

    /// Cancels statements still running when `deadline` passes (unless an earlier
    /// deadline is set already).
    pub(crate) fn set_deadline(&mut self, deadline: &'a Deadline) {
        if self.deadline.is_none_or(|set| deadline.at() < set.at()) {
            self.deadline = Some(deadline);
        }
    }

    /// Whether a statement of this call was cancelled and the session may still be
    /// running it (see `deadline::cancel_at`): no unit of work is ended behind it,
    /// and a pooled session is closed when this client drops.
    fn discarded(&self) -> bool {
        self.deadline.is_some_and(Deadline::is_discarded)
    }

    /// Gives up the unit of work begun on this client without ending it, with the
    /// session: a pooled one is closed (the server rolls the unit back), a held one
    /// undoes it before its next statement and is closed when its holder drops.
    pub(crate) fn abandon(self) {
        if let Source::Held(_, state) = self.source {
            state.discard();
        }
    }

    /// Whether a statement sent now runs inside a transaction block (so a failure
    /// aborts the block and the statement cannot simply be sent again).
    pub(crate) fn in_block(&self) -> bool {
        self.unfinished.is_some() || self.session_state().is_some_and(SessionState::in_block)
    }

    /// Whether statements log their bound values (`DbBuilder::log_bound_values`).
    pub(crate) fn log_values(&self) -> bool {
        self.log_values
    }

    /// The pool's statement types when a transaction pooler sits in front of the server
    /// (statements then go unnamed); `None` in session mode.
    pub(crate) fn pooler(&self) -> Option<&'a StatementTypes> {
        self.pooler
    }

    /// Whether the call that failed with `err` may run again on another connection: a
    /// transaction pooler's connection that could no longer look up a type was retired
    /// before anything was sent, outside any transaction.
    pub(crate) fn may_retry_elsewhere(&self, err: &Error) -> bool {
        matches!(err, Error::StaleStatement { .. })
            && matches!(self.source, Source::Pooled(..))
            && !self.in_block()
            && self.pooler.is_some_and(|types| types.retired_unsent(&self.statement_cache))
    }

    /// Notes that a type learning opened (`true`) or ended (`false`) a transaction of
    /// its own on this client (see [`unnamed`](super::unnamed)).
    pub(crate) fn set_learning_open(&self, open: bool) {
        self.learning_open.store(open, Ordering::Relaxed);
    }

    /// Notes that the open unit sends named statements (the driver's `COPY`): the script
    /// that ends it makes the server forget them, so that none outlives the transaction
    /// on a transaction pooler's shared server session.
    pub(crate) fn sends_named_statements(&mut self) {
        self.named_statements = true;
    }

    /// Marks a transaction begun whose `BEGIN` is deferred (sent with its first
    /// statement): from now on, an unfinished end undoes it.
    pub(crate) fn begin_deferred(&mut self) {
        self.unfinished = Some(Unfinished::Transaction);
    }

    /// Forgets a transaction whose deferred `BEGIN` was never sent: nothing to end.
    pub(crate) fn forget_unit(&mut self) {
        self.unfinished = None;
    }

    /// Starts a unit of work that must finish with [`end_unit`](Self::end_unit):
    /// `begin` (e.g. `BEGIN ISOLATION LEVEL ..`) at depth 0, else `SAVEPOINT name`.
    pub(crate) async fn begin_unit(
        &mut self,
        depth: u32,
        begin: &str,
        savepoint: &'static str,
    ) -> Result<()> {
        if depth > 0 {
            // Marked only once the savepoint exists: undoing a missing one would fail.
            self.batch_execute(&format!("SAVEPOINT {savepoint}")).await?;
            self.unfinished = Some(Unfinished::Savepoint(savepoint));
        } else {
            // Marked first: a ROLLBACK outside a transaction is harmless.
            self.unfinished = Some(Unfinished::Transaction);
            self.batch_execute(begin).await?;
        }
        Ok(())
    }

    /// Ends the unit begun by [`begin_unit`](Self::begin_unit): `COMMIT` / `RELEASE`
    /// when `keep`, else `ROLLBACK` / `ROLLBACK TO`.
    pub(crate) async fn end_unit(&mut self, keep: bool) -> Result<()> {
        // Once the script is sent the unit is ending: should this future be dropped
        // now, the server still runs the script, so nothing is left to undo.
        if self.unfinished.is_some() && self.discarded() {
            // Left unfinished: dropping the client closes (or undoes) it.
            return Err(Error::Timeout { source: None });
        }
        let Some(unfinished) = self.unfinished.take() else {
            return Ok(());
        };
        let mut script = if keep { unfinished.keep_sql() } else { unfinished.undo_sql() };
        if std::mem::take(&mut self.named_statements) || (!keep && self.pooler.is_some()) {
            // After COMMIT, so that a failing COMMIT still ends the transaction. Through a
            // transaction pooler, a learning that failed in the unit may have left some too.
            script.push_str("; DEALLOCATE ALL");
        }
        match self.batch_execute(&script).await {
            Ok(()) => {
                if let (false, Source::Held(_, state)) = (keep, &self.source) {
                    // ROLLBACK TO SAVEPOINT has undone any failure since the savepoint.
                    state.recover();
                }
                Ok(())
            }
            Err(err) => {
                // A failed COMMIT has ended the transaction; anything else is still open.
                if err.as_db_error().is_none() || unfinished != Unfinished::Transaction {
                    self.unfinished = Some(unfinished);
                }
                Err(err.into())
            }
        }
    }

    /// The held session's state, when this client is borrowed from one.
    pub(crate) fn session_state(&self) -> Option<&'a SessionState> {
        match self.source {
            Source::Held(_, state) => Some(state),
            Source::Pooled(..) => None,
        }
    }

    /// Runs a trusted script; see [`Executor::batch_execute`].
    async fn run_script(&mut self, script: &str) -> Result<()> {
        // Whatever the script does to the session, the next caller must not find it.
        self.changes_session();
        match self.source {
            Source::Pooled(..) => {
                // Until proven otherwise, the script may leave a transaction behind.
                self.unfinished = Some(Unfinished::Transaction);
                self.batch_execute(script).await?;
                if self.in_transaction_block().await? {
                    self.end_unit(false).await?;
                    return Err(Error::OpenTransaction);
                }
                self.unfinished = None;
            }
            Source::Held(_, state) => {
                let result = self.batch_execute(script).await;
                state.set_caller_block(self.in_transaction_block().await?);
                result?;
            }
        }
        Ok(())
    }

    /// Asks the server whether the session is inside a transaction block. Inside a block
    /// `now()` is the block's start and `statement_timestamp()` this statement's; outside
    /// one each statement is its own transaction and the two are the same instant.
    pub(crate) async fn in_transaction_block(&self) -> Result<bool> {
        let rows = self.simple_query("SELECT now() <> statement_timestamp()").await;
        let rows = match rows {
            Ok(rows) => rows,
            // Only an aborted transaction block refuses a plain SELECT.
            Err(err) if err.code() == Some(&tokio_postgres::error::SqlState::IN_FAILED_SQL_TRANSACTION) => {
                return Ok(true);
            }
            Err(err) => return Err(err.into()),
        };
        Ok(rows.iter().any(|message| {
            matches!(message, tokio_postgres::SimpleQueryMessage::Row(row) if row.get(0) == Some("t"))
        }))
    }
}

impl Deref for ClientRef<'_> {
    type Target = ClientWrapper;

    fn deref(&self) -> &ClientWrapper {
        match &self.source {
            Source::Pooled(Some(object), _) => object,
            Source::Pooled(None, _) => unreachable!("the pooled client is only taken on drop"),
            Source::Held(client, _) => client,
        }
    }
}

impl Drop for ClientRef<'_> {
    fn drop(&mut self) {
        let unfinished = self.unfinished.take();
        let discarded = self.discarded();
        // Only a pooled client learns in a transaction of its own: a held one is in a block.
        let learning_open = *self.learning_open.get_mut();
        match &mut self.source {
            Source::Pooled(object, max_lifetime) => {
                // Closed rather than pooled: the server rolls an unfinished unit (or a
                // learning's transaction) back, and stops a cancelled statement's work; an
                // old session is retired.
                let expired = || {
                    max_lifetime.zip(object.as_ref()).is_some_and(|(max, o)| max.is_over(Object::metrics(o)))
                };
                if unfinished.is_some() || learning_open || discarded || expired() {
                    drop(object.take().map(Object::take));
                }
            }
            Source::Held(_, state) => {
                if let Some(unfinished) = unfinished {
                    state.undo_before_next_statement(unfinished);
                }
            }
        }
    }
}
