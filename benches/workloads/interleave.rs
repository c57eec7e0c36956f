//! Ratios measured with the contenders interleaved: each round times a batch of raw
//! operations and a batch of orm operations back to back (alternating which goes
//! first), and the ratio of the two is that round's figure. The median over rounds is
//! the ratio reported, the quartiles its spread. A shared, noisy machine slows both
//! halves of a round alike, so the ratio holds where separate timings drift apart.

use std::time::{Duration, Instant};

use crate::{Env, count, ours};

/// orm ÷ raw: median and quartiles over the rounds.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

/// Each batch lasts about this long.
const BATCH: Duration = Duration::from_millis(25);

async fn batch(ops: u32, op: &impl AsyncFn()) -> Duration {
    let started = Instant::now();
    for _ in 0..ops {
        op().await;
    }
    started.elapsed()
}

/// `rounds` interleaved rounds of `raw` against `orm`.
pub async fn ratio(rounds: usize, raw: impl AsyncFn(), orm: impl AsyncFn()) -> Ratio {
    // Calibrate: as many operations as fill a batch, at least one.
    raw().await;
    orm().await;
    let once = batch(1, &raw).await.max(Duration::from_micros(1));
    let ops = (BATCH.as_nanos() / once.as_nanos()).clamp(1, 10_000) as u32;
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (raw_time, orm_time) = if round % 2 == 0 {
            let r = batch(ops, &raw).await;
            (r, batch(ops, &orm).await)
        } else {
            let o = batch(ops, &orm).await;
            (batch(ops, &raw).await, o)
        };
        ratios.push(orm_time.as_secs_f64() / raw_time.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    Ratio { median: at(0.5), low: at(0.25), high: at(0.75) }
}

/// The targeted workloads (BENCH.md: W1–W5, W9, W10), interleaved: (group, size, ratio).
/// With `only`, just the workloads of that group.
pub async fn targeted(
    env: &Env,
    rounds: usize,
    only: Option<&str>,
) -> Vec<(&'static str, &'static str, Ratio)> {
    let (raw, conn) = (&env.raw, &env.conn);
    let mut out = Vec::new();
    macro_rules! measure {
        ($group:expr, $size:expr, $raw:expr, $orm:expr) => {
            if only.is_none_or(|only| only == $group) {
                out.push((
                    $group,
                    $size,
                    ratio(
                        rounds,
                        async || {
                            std::hint::black_box($raw.await);
                        },
                        async || {
                            std::hint::black_box($orm.await.unwrap());
                        },
                    )
                    .await,
                ))
            }
        };
    }
    measure!("W1", "1", raw.w1_point(42), ours::w1_point(conn, 42));
    measure!("W2", "1", raw.w2_users(1), ours::w2_users(conn, 1));
    measure!("W2", "100", raw.w2_users(100), ours::w2_users(conn, 100));
    measure!("W2", "10000", raw.w2_users(10_000), ours::w2_users(conn, 10_000));
    measure!("W3", "100", raw.w3_wide(100), ours::w3_wide(conn, 100));
    measure!("W3", "10000", raw.w3_wide(10_000), ours::w3_wide(conn, 10_000));
    measure!("W4", "100", raw.w4_join(10), ours::w4_join(conn, 10));
    measure!("W4", "5000", raw.w4_join(500), ours::w4_join(conn, 500));
    measure!("W5", "100x10x10", raw.w5_nested(100), ours::w5_nested(conn, 100));
    measure!("W9", "update", raw.w9_update(5000), ours::w9_update(conn, 5000));
    // Rows to delete are inserted before the rounds.
    let ids = std::cell::RefCell::new(count::fresh_note_ids(env, 20_000).await);
    let next = || ids.borrow_mut().pop().expect("enough rows to delete");
    measure!("W9", "delete", raw.w9_delete(next()), ours::w9_delete(conn, next()));
    measure!("W10", "1", raw.w10_transaction(5000), ours::w10_transaction(conn, 5000));
    out
}
