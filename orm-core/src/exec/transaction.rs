//! Transactions: `db.transaction(async |tx| ..)`, savepoints for nested ones,
//! isolation options, and a retry helper for serialization failures and deadlocks.

use std::time::Duration;

use super::client::{ClientRef, Executor};
use super::connection::Connection;
use super::db::Db;
use super::run::fetch_rendered;
use super::session::{SessionState, savepoint_name};
use crate::error::{Error, Result};
use crate::keyset::CursorKey;
use crate::render::SqlWriter;

/// The isolation level of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// `READ COMMITTED`, PostgreSQL's default.
    ReadCommitted,
    /// `REPEATABLE READ`
    RepeatableRead,
    /// `SERIALIZABLE`: may fail with [`Error::SerializationFailure`]; see
    /// [`Db::transaction_with_retry`].
    Serializable,
}

/// How a transaction begins: isolation level, read only, deferrable.
///
/// ```
/// use orm_core::exec::{Isolation, TransactionOptions};
///
/// let options = TransactionOptions::from(Isolation::Serializable).read_only().deferrable();
/// assert_eq!(options.begin_sql(), "BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionOptions {
    /// The isolation level; the server's default when `None`.
    pub isolation: Option<Isolation>,
    /// `READ ONLY`: writes fail.
    pub read_only: bool,
    /// `DEFERRABLE`: a serializable read-only transaction waits for a safe snapshot
    /// instead of risking a serialization failure.
    pub deferrable: bool,
}

impl TransactionOptions {
    /// The server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the isolation level.
    pub fn isolation(mut self, isolation: Isolation) -> Self {
        self.isolation = Some(isolation);
        self
    }

    /// Makes the transaction read only.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Makes the transaction deferrable.
    pub fn deferrable(mut self) -> Self {
        self.deferrable = true;
        self
    }

    /// The `BEGIN` statement these options make.
    pub fn begin_sql(&self) -> String {
        let mut modes = Vec::new();
        match self.isolation {
            Some(Isolation::ReadCommitted) => modes.push("ISOLATION LEVEL READ COMMITTED"),
            Some(Isolation::RepeatableRead) => modes.push("ISOLATION LEVEL REPEATABLE READ"),
            Some(Isolation::Serializable) => modes.push("ISOLATION LEVEL SERIALIZABLE"),
            None => {}
        }
        if self.read_only {
            modes.push("READ ONLY");
        }
        if self.deferrable {
            modes.push("DEFERRABLE");
        }
        if modes.is_empty() { "BEGIN".to_owned() } else { format!("BEGIN {}", modes.join(", ")) }
    }
}

impl From<Isolation> for TransactionOptions {
    fn from(isolation: Isolation) -> Self {
        TransactionOptions::new().isolation(isolation)
    }
}

/// An open transaction (or, nested, a savepoint). Statements run on it through
/// `&tx` like on a [`Db`]. It ends when the closure that received it returns:
/// committed on `Ok`, rolled back on `Err`, on a panic and when the future is dropped.
pub struct Transaction<'c> {
    client: ClientRef<'c>,
    state: SessionState,
    depth: u32,
    /// The pool's key for page cursors.
    cursor_key: &'c CursorKey,
}

impl std::fmt::Debug for Transaction<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction").field("depth", &self.depth).finish_non_exhaustive()
    }
}

impl Transaction<'_> {
    /// Sets the server setting `name` to `value` until this transaction ends: the
    /// function form of `SET LOCAL`, `SELECT set_config($1, $2, true)`, with the name
    /// and the value sent as bound parameters (never spliced into the SQL text).
    ///
    /// This is the way to give a request its own settings, such as the tenant that
    /// row-level security policies read with `current_setting('app.tenant')`: the
    /// setting ends with the transaction (committed or rolled back), so it can never
    /// reach another caller of the pool, and it costs no session reset afterwards, as a
    /// raw `SET` would. It works through a transaction pooler too. Inside a nested
    /// transaction (a savepoint) it is undone if the savepoint rolls back, and otherwise
    /// holds until the outermost transaction ends.
    ///
    /// ```no_run
    /// # async fn demo(db: &orm_core::Db, tenant_id: i64) -> orm_core::Result<()> {
    /// // With a policy such as:
    /// //   CREATE POLICY tenant_rows ON invoices
    /// //     USING (tenant_id = current_setting('app.tenant')::bigint);
    /// db.transaction(async |tx| {
    ///     tx.set_local("app.tenant", &tenant_id.to_string()).await?;
    ///     // .. every statement on `tx` now sees only this tenant's rows ..
    ///     Ok::<_, orm_core::Error>(())
    /// })
    /// .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn set_local(&self, name: &str, value: &str) -> Result<()> {
        let mut w = SqlWriter::new();
        w.push_sql("SELECT set_config(");
        w.push_bind(&name);
        w.push_sql(", ");
        w.push_bind(&value);
        w.push_sql(", true)");
        fetch_rendered(self, w).await?;
        Ok(())
    }
}

impl Executor for Transaction<'_> {
    async fn client(&self) -> Result<ClientRef<'_>> {
        let client = self.statement_client().await?;
        self.state.flush_begin(&self.client).await?;
        Ok(client)
    }

    async fn statement_client(&self) -> Result<ClientRef<'_>> {
        if self.state.is_busy() {
            return Err(Error::TransactionBusy);
        }
        self.state.settle(&self.client).await?;
        Ok(ClientRef::held(&self.client, &self.state, self.client.log_values(), self.client.pool_parts()))
    }

    fn transaction_depth(&self) -> u32 {
        self.depth
    }

    fn cursor_key(&self) -> &CursorKey {
        self.cursor_key
    }
}

/// Runs `work` in a transaction (a savepoint when `exec` is already in one).
async fn run<E, T, Er, F>(exec: &E, options: TransactionOptions, work: F) -> Result<T, Er>
where
    E: Executor,
    F: AsyncFnOnce(&Transaction<'_>) -> Result<T, Er>,
    Er: From<Error>,
{
    let depth = exec.transaction_depth();
    if depth > 0 && options != TransactionOptions::default() {
        return Err(Error::NestedTransactionOptions.into());
    }
    let mut client = exec.client().await?;
    // While this unit is open, the enclosing transaction refuses statements of its own:
    // they would land inside this savepoint.
    let _busy = client.session_state().filter(|_| depth > 0).map(BusyGuard::enter);
    let state = SessionState::for_transaction();
    if depth == 0 {
        // BEGIN travels with the first statement, saving a round trip.
        client.begin_deferred();
        state.defer_begin(options.begin_sql());
    } else {
        client.begin_unit(depth, "", savepoint_name(depth)).await?;
    }
    let tx = Transaction { client, state, depth: depth + 1, cursor_key: exec.cursor_key() };
    let outcome = work(&tx).await;
    let Transaction { mut client, state, .. } = tx;
    if state.take_begin().is_some() {
        // No statement ran: the transaction never began on the server.
        client.forget_unit();
        return outcome;
    }
    if state.is_discarded() {
        // A statement cancelled for its timeout may still run: rather than wait behind
        // it to roll back, give the transaction up with its session.
        client.abandon();
        return outcome.and(Err(Error::TransactionAborted.into()));
    }
    match outcome {
        Ok(_) if state.is_spoiled() => {
            // A statement failed (so the server aborted the transaction) or was dropped
            // mid-flight, and the closure went on: committing would lose work silently.
            client.end_unit(false).await?;
            Err(Error::TransactionAborted.into())
        }
        Ok(value) => {
            // Work abandoned inside (a dropped statement) is undone before committing the rest.
            state.settle(&client).await?;
            client.end_unit(true).await?;
            Ok(value)
        }
        Err(err) => {
            // The closure's error is what the caller needs; should the rollback fail
            // too, dropping `client` undoes the work another way.
            let _ = client.end_unit(false).await;
            Err(err)
        }
    }
}

/// Marks a transaction busy while a nested one is open on it.
struct BusyGuard<'s>(&'s SessionState);

impl<'s> BusyGuard<'s> {
    fn enter(state: &'s SessionState) -> Self {
        state.set_busy(true);
        BusyGuard(state)
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.0.set_busy(false);
    }
}

/// Runs `work` in a fresh transaction per attempt while it fails with
/// [`Error::SerializationFailure`], [`Error::Deadlock`] or [`Error::StaleStatement`], at
/// most `attempts` times.
async fn run_with_retry<E, T, F>(exec: &E, options: TransactionOptions, attempts: u32, work: F) -> Result<T>
where
    E: Executor,
    F: AsyncFnOnce(&Transaction<'_>) -> Result<T> + Clone,
{
    let attempts = attempts.max(1);
    let mut attempt = 1;
    loop {
        match run(exec, options, work.clone()).await {
            Err(
                Error::SerializationFailure { .. } | Error::Deadlock { .. } | Error::StaleStatement { .. },
            ) if attempt < attempts => {
                // Back off a little, more each time, so the competing transaction can finish.
                tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt))).await;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

macro_rules! transaction_methods {
    ($($executor:ty),*) => {$(
        impl $executor {
            /// Runs `work` in a transaction: committed when it returns `Ok`, rolled back
            /// when it returns `Err`, panics or is dropped. Inside a transaction this
            /// nests as a `SAVEPOINT`, so a failing inner block undoes only its own work.
            ///
            /// ```no_run
            /// # async fn demo(db: &orm_core::Db) -> orm_core::Result<()> {
            /// use orm_core::Executor;
            ///
            /// let moved = db.transaction(async |tx| {
            ///     tx.batch_execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1").await?;
            ///     tx.batch_execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2").await?;
            ///     Ok::<_, orm_core::Error>(10)
            /// }).await?;
            /// # Ok(())
            /// # }
            /// ```
            pub async fn transaction<T, Er, F>(&self, work: F) -> Result<T, Er>
            where
                F: AsyncFnOnce(&Transaction<'_>) -> Result<T, Er>,
                Er: From<Error>,
            {
                run(self, TransactionOptions::default(), work).await
            }

            /// [`transaction`](Self::transaction) with an isolation level, read only or
            /// deferrable (outermost transactions only: a savepoint cannot change them).
            pub async fn transaction_with<T, Er, F>(
                &self,
                options: impl Into<TransactionOptions>,
                work: F,
            ) -> Result<T, Er>
            where
                F: AsyncFnOnce(&Transaction<'_>) -> Result<T, Er>,
                Er: From<Error>,
            {
                run(self, options.into(), work).await
            }
        }
    )*};
}

transaction_methods!(Db, Connection, Transaction<'_>);

macro_rules! retry_methods {
    ($($executor:ty),*) => {$(
        impl $executor {
            /// Runs `work` in a transaction with `options`, and runs it again in a new
            /// transaction when it fails with [`Error::SerializationFailure`],
            /// [`Error::Deadlock`] or [`Error::StaleStatement`], up to `attempts` runs in all. Any other error, or the
            /// last attempt's, is returned. Each attempt runs a fresh clone of `work`, so it
            /// must be safe to repeat: keep side effects outside the database until it returns.
            pub async fn transaction_with_retry<T, F>(
                &self,
                options: impl Into<TransactionOptions>,
                attempts: u32,
                work: F,
            ) -> Result<T>
            where
                F: AsyncFnOnce(&Transaction<'_>) -> Result<T> + Clone,
            {
                run_with_retry(self, options.into(), attempts, work).await
            }
        }
    )*};
}

retry_methods!(Db, Connection);
