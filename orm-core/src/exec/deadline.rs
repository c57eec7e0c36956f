//! Per-call timeouts: the executor a call with `.timeout(..)` runs on, and the cancel
//! request sent to the server for a statement still running when the time is up.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::time::{Instant, timeout, timeout_at};

use super::client::{ClientRef, Executor};
use crate::error::{Error, Result};
use crate::keyset::CursorKey;

/// How long, from the deadline, sending the cancel request and the server's answer to
/// the cancelled statement (SQLSTATE 57014) may take before the statement's session
/// is given up instead of pooled. Both take a round trip or two; this allows for a
/// slow network and a TLS handshake on the cancel request's own connection.
const CANCEL_GRACE: Duration = Duration::from_millis(500);

/// Evaluates `$call` (an awaited call, without `?` or `return`: those would leave
/// a different scope in each arm) on `$exec`, or, when `$timeout` is `Some`, on
/// `$exec` bounded by that timeout from now: pool checkout and every statement of the
/// call share the deadline. Without a timeout the call runs as it would without this
/// macro; with one, it runs boxed, so that the timed variant does not grow the future
/// of every untimed call.
macro_rules! within_timeout {
    ($timeout:expr, $exec:ident => $call:expr) => {
        match $timeout {
            None => $call,
            Some(timeout) => {
                Box::pin(async {
                    let $exec = &$crate::exec::Bounded::new($exec, timeout);
                    $call
                })
                .await
            }
        }
    };
}
pub(crate) use within_timeout;

/// When a call's `.timeout(..)` passes, and whether one of its statements was
/// cancelled without leaving its session clean.
pub(crate) struct Deadline {
    at: Instant,
    discarded: AtomicBool,
}

impl Deadline {
    /// When the call's time is up.
    pub(crate) fn at(&self) -> Instant {
        self.at
    }

    /// Whether a statement of the call was cancelled and its session may still be
    /// running it, or a late cancel request still be on its way to the session.
    pub(crate) fn is_discarded(&self) -> bool {
        self.discarded.load(Ordering::Relaxed)
    }
}

/// An executor whose calls end at a deadline: the clients it hands out carry it, so
/// that every statement sent on them is cancelled on the server when it passes.
pub(crate) struct Bounded<'e, E: ?Sized> {
    exec: &'e E,
    deadline: Deadline,
}

impl<'e, E: Executor + ?Sized> Bounded<'e, E> {
    /// `exec` for a call that may take `timeout` from now.
    pub(crate) fn new(exec: &'e E, timeout: Duration) -> Self {
        let deadline = Deadline { at: Instant::now() + timeout, discarded: AtomicBool::new(false) };
        Bounded { exec, deadline }
    }

    /// Waits for `client` (a pool checkout, a held session's turn) until the deadline.
    async fn bound<'c>(
        &'c self,
        client: impl Future<Output = Result<ClientRef<'c>>>,
    ) -> Result<ClientRef<'c>> {
        if Instant::now() >= self.deadline.at {
            // Spent already (by the call's earlier statements): send nothing more.
            return Err(Error::Timeout { source: None });
        }
        let mut client =
            timeout_at(self.deadline.at, client).await.map_err(|_| Error::Timeout { source: None })??;
        client.set_deadline(&self.deadline);
        Ok(client)
    }
}

impl<E: Executor + ?Sized> Executor for Bounded<'_, E> {
    async fn client(&self) -> Result<ClientRef<'_>> {
        self.bound(self.exec.client()).await
    }

    async fn statement_client(&self) -> Result<ClientRef<'_>> {
        self.bound(self.exec.statement_client()).await
    }

    fn cursor_key(&self) -> &CursorKey {
        self.exec.cursor_key()
    }

    fn transaction_depth(&self) -> u32 {
        self.exec.transaction_depth()
    }
}

/// Runs `statement`, already sent or about to be sent on `client`, until `deadline`;
/// if it is still running then, asks the server to cancel it and waits
/// [`CANCEL_GRACE`] for the server's answer.
///
/// What the server answers is returned: [`Error::Timeout`] (57014) for a statement it
/// stopped, which leaves the session clean for the next call; or the statement's own
/// outcome when it finished before the cancel took effect (its work is done: the
/// caller learns so). In that case, and when no answer comes in time, the session is
/// discarded: a statement may still be running there, or a late cancel request hit
/// its next statement. A pooled session is then closed, not pooled; a held one is
/// closed when its holder drops, and a transaction on it is given up, not ended.
pub(crate) async fn cancel_at<T>(
    client: &ClientRef<'_>,
    deadline: &Deadline,
    statement: impl Future<Output = Result<T>>,
) -> Result<T> {
    let mut statement = pin!(statement);
    if let Ok(outcome) = timeout_at(deadline.at, statement.as_mut()).await {
        return outcome;
    }
    let token = client.cancel_token();
    let answered = timeout(CANCEL_GRACE, async {
        let (_, outcome) = tokio::join!(client.canceller().cancel(&token), statement.as_mut());
        outcome
    })
    .await;
    if let Ok(Err(Error::Timeout { source })) = answered {
        return Err(Error::Timeout { source });
    }
    deadline.discarded.store(true, Ordering::Relaxed);
    if let Some(state) = client.session_state() {
        state.discard();
    }
    answered.unwrap_or(Err(Error::Timeout { source: None }))
}
