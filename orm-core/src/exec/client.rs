//! `Executor`: anything statements can run on (`Db`, `Connection`, later transactions),
//! and `ClientRef`, which keeps an unfinished unit of work from leaking into the next one.

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

    /// `true` when statements already run inside a transaction this library opened.
    #[doc(hidden)]
    fn in_transaction(&self) -> bool {
        false
    }

    /// Runs a trusted script of one or more statements separated by `;`, without
    /// parameters (DDL, fixtures). Never build the script from user input.
    ///
    /// A script that fails part-way is rolled back as a whole (PostgreSQL runs a
    /// multi-statement script as one transaction). On [`Db`](super::Db) a script must
    /// not leave a transaction open (`BEGIN` without `COMMIT`): the session would go
    /// back to the pool, so it is rolled back and the call fails instead.
    fn batch_execute(&self, script: &str) -> impl Future<Output = Result<()>> + Send {
        async move {
            let mut client = self.client().await?;
            client.run_script(script).await
        }
    }
}

/// Work that was started on a session and must be undone if it does not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unfinished {
    /// A transaction this library began.
    Transaction,
    /// A savepoint inside the caller's transaction.
    Savepoint,
}

impl Unfinished {
    /// The script that undoes the unfinished work.
    pub(crate) fn undo_sql(self) -> &'static str {
        match self {
            Unfinished::Transaction => "ROLLBACK",
            Unfinished::Savepoint => {
                "ROLLBACK TO SAVEPOINT orm_atomic; RELEASE SAVEPOINT orm_atomic"
            }
        }
    }
}

/// A client checked out of the pool, or borrowed from a [`Connection`] the caller holds.
///
/// While work this call started is unfinished (a transaction or savepoint opened by
/// [`begin_atomic`](Self::begin_atomic)), dropping the `ClientRef` (an error path, a
/// panic, a cancelled future) never lets the session be used as if it were idle: a
/// pooled client is removed from the pool and closed, which makes the server roll
/// back; a borrowed connection undoes the work before its next statement.
#[doc(hidden)]
pub struct ClientRef<'a> {
    source: Source<'a>,
    unfinished: Option<Unfinished>,
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
            unfinished: None,
        }
    }

    pub(crate) fn borrowed(connection: &'a Connection) -> Self {
        ClientRef {
            source: Source::Borrowed(connection),
            unfinished: None,
        }
    }

    /// Makes the following statements one atomic unit: `BEGIN`, or a `SAVEPOINT`
    /// when the session is already inside a transaction block.
    pub(crate) async fn begin_atomic(&mut self, in_transaction: bool) -> Result<()> {
        if in_transaction || self.in_transaction_block().await? {
            // Marked only once the savepoint exists: undoing a missing one would fail.
            self.batch_execute("SAVEPOINT orm_atomic").await?;
            self.unfinished = Some(Unfinished::Savepoint);
        } else {
            // Marked first: a ROLLBACK outside a transaction is harmless.
            self.unfinished = Some(Unfinished::Transaction);
            self.batch_execute("BEGIN").await?;
        }
        Ok(())
    }

    /// Ends the unit begun by [`begin_atomic`](Self::begin_atomic), keeping its work.
    pub(crate) async fn commit_atomic(&mut self) -> Result<()> {
        let script = match self.unfinished {
            Some(Unfinished::Savepoint) => "RELEASE SAVEPOINT orm_atomic",
            _ => "COMMIT",
        };
        self.batch_execute(script).await?;
        self.unfinished = None;
        Ok(())
    }

    /// Ends the unit begun by [`begin_atomic`](Self::begin_atomic), undoing its work.
    pub(crate) async fn rollback_atomic(&mut self) -> Result<()> {
        if let Some(unfinished) = self.unfinished {
            self.batch_execute(unfinished.undo_sql()).await?;
            self.unfinished = None;
        }
        Ok(())
    }

    /// Runs a trusted script; see [`Executor::batch_execute`].
    async fn run_script(&mut self, script: &str) -> Result<()> {
        let pooled = matches!(self.source, Source::Pooled(_));
        if pooled {
            // Until proven otherwise, the script may leave a transaction behind.
            self.unfinished = Some(Unfinished::Transaction);
        }
        self.batch_execute(script).await?;
        if pooled {
            if self.in_transaction_block().await? {
                self.rollback_atomic().await?;
                return Err(Error::OpenTransaction);
            }
            self.unfinished = None;
        }
        Ok(())
    }

    /// Asks the server whether the session is inside a transaction block. Inside a block
    /// `now()` is the block's start and `statement_timestamp()` this statement's; outside
    /// one each statement is its own transaction and the two are the same instant.
    async fn in_transaction_block(&self) -> Result<bool> {
        let rows = self
            .simple_query("SELECT now() <> statement_timestamp()")
            .await?;
        Ok(rows.iter().any(|message| {
            matches!(message, tokio_postgres::SimpleQueryMessage::Row(row) if row.get(0) == Some("t"))
        }))
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
        let Some(unfinished) = self.unfinished else {
            return;
        };
        match &mut self.source {
            // Out of the pool and closed: the server rolls the transaction back.
            Source::Pooled(object) => drop(object.take().map(Object::take)),
            Source::Borrowed(connection) => connection.undo_before_next_statement(unfinished),
        }
    }
}
