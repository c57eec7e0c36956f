//! The pool's maintenance task: closes idle connections that are dead, past their
//! lifetime or idle timeout, and keeps `min_idle` connections open.

use std::time::Duration;

use deadpool_postgres::{Object, Pool, Timeouts, WeakPool};
use futures_util::future::join_all;

use super::lifetime::{MaxLifetime, PoolLifetimes};

/// Starts the maintenance task of `pool`. It holds the pool only weakly, so it ends
/// once the last [`Db`](super::Db) clone (and every connection out of it) is dropped,
/// or when the pool is closed.
///
/// # Panics
///
/// Outside a Tokio runtime.
pub(crate) fn spawn(pool: &Pool, lifetimes: PoolLifetimes, max_lifetime: Option<MaxLifetime>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        panic!(
            "DbBuilder::build with max_lifetime, idle_timeout or min_idle starts the pool's maintenance task, \
             so it must run inside a Tokio runtime: call it from async code (e.g. under #[tokio::main])"
        );
    };
    runtime.spawn(run(pool.weak(), lifetimes, max_lifetime));
}

async fn run(weak: WeakPool, lifetimes: PoolLifetimes, max_lifetime: Option<MaxLifetime>) {
    let tick = lifetimes.tick();
    loop {
        // The strong reference lives for one round only, never across the sleep.
        match weak.upgrade() {
            Some(pool) if !pool.is_closed() => {
                retire(&pool, lifetimes, max_lifetime);
                warm(&pool, lifetimes.min_idle).await;
            }
            _ => return,
        }
        tokio::time::sleep(tick).await;
    }
}

/// Drops the idle connections the server has closed (a restart, `pg_terminate_backend`),
/// closes those past their lifetime, and those not handed out for `idle_timeout` as
/// long as more than `min_idle` stay idle (the least recently handed out first).
fn retire(pool: &Pool, lifetimes: PoolLifetimes, max_lifetime: Option<MaxLifetime>) {
    let mut closable = pool.status().available.saturating_sub(lifetimes.min_idle);
    let retired = pool.retain(|client, metrics| {
        if client.is_closed() || max_lifetime.is_some_and(|max| max.is_over(&metrics)) {
            return false;
        }
        let idle_too_long = lifetimes.idle_timeout.is_some_and(|idle| metrics.last_used() >= idle);
        if idle_too_long && closable > 0 {
            closable -= 1;
            return false;
        }
        true
    });
    if !retired.removed.is_empty() {
        tracing::debug!(
            closed = retired.removed.len(),
            "closed idle connections past their lifetime or idle timeout"
        );
    }
}

/// Opens connections (without running anything on them) until `min_idle` are idle,
/// as far as the pool's size allows.
///
/// The pool opens a connection only when none is idle, so the idle ones this takes
/// out on the way are held (briefly, while the new ones open) and returned with them.
async fn warm(pool: &Pool, min_idle: usize) {
    let status = pool.status();
    let mut wanted =
        min_idle.saturating_sub(status.available).min(status.max_size.saturating_sub(status.size));
    // Never waits for a connection: a busy pool is left to its callers.
    let timeouts = Timeouts { wait: Some(Duration::ZERO), ..pool.timeouts() };
    let mut held: Vec<Object> = Vec::new();
    while wanted > 0 && held.len() < status.max_size {
        let round = join_all((0..wanted).map(|_| pool.timeout_get(&timeouts))).await;
        let mut stop = false;
        for got in round {
            match got {
                Ok(object) => {
                    // Taken from the idle ones, a connection was recycled; a new one was not.
                    if Object::metrics(&object).recycled.is_none() {
                        wanted -= 1;
                    }
                    held.push(object);
                }
                Err(err) => {
                    tracing::debug!(error = %err, "could not open a connection to keep min_idle");
                    stop = true;
                }
            }
        }
        if stop {
            break;
        }
    }
}
