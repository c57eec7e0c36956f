//! Interleaved timing, as the main suite's benches/workloads/interleave.rs does for orm against
//! raw, extended to all five contenders: per workload and size, each round times a batch of
//! every contender (raw, orm, sqlx, diesel-async, SeaORM; the same number of operations each,
//! about 25 ms of raw's) back to back, in an order that rotates from round to round and runs
//! backwards every other cycle of rotations. A shared, noisy machine slows the five batches of
//! a round alike, so ratios taken within a round (contender ÷ raw, orm ÷ peer) hold where
//! timings measured minutes apart drift by ±20 %. `report` turns the rounds into medians and
//! quartiles.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::contender_diesel::Diesel;
use crate::contender_orm::Orm;
use crate::contender_raw::Raw;
use crate::contender_sea::Sea;
use crate::contender_sqlx::Sqlx;
use crate::report::CONTENDERS;
use crate::setup::Helper;
use crate::{Contender, Op, DB_NAME};

/// Every contender, one connection each.
pub struct All {
    pub raw: Raw,
    pub orm: Orm,
    pub sqlx: Sqlx,
    pub diesel: Diesel,
    pub sea: Sea,
}

/// Connects every contender to `DB_NAME` on `port` (the server's, or the counting proxy's).
pub async fn connect_all(port: u16) -> All {
    let url = crate::url(DB_NAME, port);
    All {
        raw: Raw::connect(&url).await,
        orm: Orm::connect(&url).await,
        sqlx: Sqlx::connect(port).await,
        diesel: Diesel::connect(&url).await,
        sea: Sea::connect(&url, false).await,
    }
}

/// The op with a fresh row id for W9 delete.
pub async fn concrete(op: Op, helper: &Helper) -> Op {
    match op {
        Op::W9Delete(_) => Op::W9Delete(helper.insert_users(1).await[0]),
        op => op,
    }
}

/// Raw's batch lasts about this long; every contender runs the same number of operations.
pub const BATCH: Duration = Duration::from_millis(25);

/// Rounds per workload and size: a multiple of 10 runs each of the ten orders (five
/// rotations, forwards and backwards) equally often.
pub const ROUNDS: usize = 30;

/// Times `ops` operations of `c`; for W9 delete, one per id in `ids` (inserted untimed).
async fn timed<C: Contender>(c: &mut C, op: Op, ops: usize, ids: &[i32]) -> Duration {
    let started = Instant::now();
    if let Op::W9Delete(_) = op {
        for &id in ids {
            black_box(c.run(Op::W9Delete(id)).await);
        }
    } else {
        for _ in 0..ops {
            black_box(c.run(op).await);
        }
    }
    started.elapsed()
}

impl All {
    /// A batch of contender `i` (index into `CONTENDERS`).
    async fn batch(&mut self, i: usize, op: Op, ops: usize, ids: &[i32]) -> Duration {
        match i {
            0 => timed(&mut self.raw, op, ops, ids).await,
            1 => timed(&mut self.orm, op, ops, ids).await,
            2 => timed(&mut self.sqlx, op, ops, ids).await,
            3 => timed(&mut self.diesel, op, ops, ids).await,
            4 => timed(&mut self.sea, op, ops, ids).await,
            _ => unreachable!("five contenders"),
        }
    }
}

/// The order of round `round`: rotated by `round % 5`, backwards in every other cycle.
pub fn order(round: usize) -> Vec<usize> {
    let n = CONTENDERS.len();
    let mut o: Vec<usize> = (0..n).map(|i| (i + round) % n).collect();
    if (round / n) % 2 == 1 {
        o.reverse();
    }
    o
}

/// Operations per batch: as many of raw's as fill `BATCH` (1 in test mode).
async fn calibrate(all: &mut All, op: Op, helper: &Helper, test: bool) -> usize {
    if test {
        return 1;
    }
    let (mut n, mut spent) = (0u32, Duration::ZERO);
    while spent < Duration::from_millis(10) {
        let op = concrete(op, helper).await;
        let t = Instant::now();
        black_box(all.raw.run(op).await);
        spent += t.elapsed();
        n += 1;
    }
    let once = spent / n;
    (BATCH.as_nanos() / once.as_nanos().max(1)).clamp(1, 10_000) as usize
}

/// One workload and size, interleaved: the batch times of every round, as JSON for
/// `peers-meta.json` (`report` computes the ratios from them).
pub async fn measure(
    all: &mut All,
    helper: &Helper,
    workload: &str,
    size: &str,
    op: Op,
    rounds: usize,
    test: bool,
) -> Value {
    let ops = calibrate(all, op, helper, test).await;
    let n = CONTENDERS.len();
    let mut batch_ns: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        // Untimed: the rows this round's W9 deletes remove, `ops` per contender.
        let ids = match op {
            Op::W9Delete(_) => helper.insert_users((ops * n) as u64).await,
            _ => Vec::new(),
        };
        for i in order(round) {
            // Untimed: let work a contender spawned in the background (sqlx's pool pings a
            // connection returned to it) finish before the next batch starts.
            tokio::time::sleep(Duration::from_millis(1)).await;
            let mine = if ids.is_empty() { &[][..] } else { &ids[i * ops..(i + 1) * ops] };
            batch_ns[i].push(all.batch(i, op, ops, mine).await.as_nanos() as f64);
        }
    }
    let times: serde_json::Map<String, Value> =
        CONTENDERS.iter().zip(batch_ns).map(|(c, t)| ((*c).to_owned(), json!(t))).collect();
    json!({
        "workload": workload, "size": size, "ops_per_batch": ops, "rounds": rounds,
        "batch_ns": times,
    })
}
