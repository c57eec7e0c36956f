//! W11: pool checkout + point select at concurrency 1, 8 and 32, orm's `Db` beside a
//! deadpool-postgres pool used by hand (`prepare_cached` + `query_raw`). Both pools
//! hold 8 connections; tasks share the one current-thread runtime. Not a criterion
//! benchmark: it reports throughput and latency percentiles, rounds interleaved.
//!
//! `INTERLEAVE=W11R` runs the same with orm's select written as raw SQL (`sql!`): a pool
//! used with raw SQL, whose sessions orm resets before their next caller.

use std::pin::pin;
use std::rc::Rc;
use std::time::{Duration, Instant};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use futures_util::TryStreamExt;
use orm::Db;
use orm::prelude::*;
use tokio::task::JoinSet;

use crate::Env;
use crate::raw::POINT;
use crate::schema::User;

pub const CONCURRENCY: [usize; 3] = [1, 8, 32];
pub const POOL_SIZE: usize = 8;

/// One contender at one concurrency: operations per second and latency percentiles.
#[derive(Clone, Copy, Debug, Default)]
pub struct Figures {
    pub ops_per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// W11's results: (concurrency, raw, orm).
pub type Results = Vec<(usize, Figures, Figures)>;

/// Runs W11: `rounds` interleaved rounds of `ops` operations per contender and concurrency;
/// the round with the median throughput is reported.
pub async fn run(env: &Env, rounds: usize, ops: usize) -> Results {
    run_with(env, rounds, ops, OrmOp).await
}

/// W11 with orm's point select written as raw SQL (`sql!`) instead of the typed chain.
pub async fn run_raw_sql(env: &Env, rounds: usize, ops: usize) -> Results {
    run_with(env, rounds, ops, OrmSqlOp).await
}

async fn run_with<O: PointSelect>(env: &Env, rounds: usize, ops: usize, orm_op: fn(Db) -> O) -> Results {
    let raw = raw_pool(env);
    let db = env.test_db.builder().max_size(POOL_SIZE).connect().await.expect("the orm pool");
    // Open every connection of both pools, then place their sessions like the others.
    measure(POOL_SIZE * 4, POOL_SIZE * 16, RawOp(raw.clone())).await;
    measure(POOL_SIZE * 4, POOL_SIZE * 16, orm_op(db.clone())).await;
    crate::placement::pin_sessions(&env.test_db).await;
    let mut results = Vec::new();
    for concurrency in CONCURRENCY {
        let (mut raws, mut orms) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            // Alternate who goes first, so neither always runs on a warmer server.
            if round % 2 == 0 {
                raws.push(measure(concurrency, ops, RawOp(raw.clone())).await);
                orms.push(measure(concurrency, ops, orm_op(db.clone())).await);
            } else {
                orms.push(measure(concurrency, ops, orm_op(db.clone())).await);
                raws.push(measure(concurrency, ops, RawOp(raw.clone())).await);
            }
        }
        results.push((concurrency, median(raws), median(orms)));
    }
    results
}

fn raw_pool(env: &Env) -> Pool {
    let mut config = env.test_db.config();
    config.application_name("w11-raw");
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig { recycling_method: RecyclingMethod::Fast },
    );
    Pool::builder(manager).max_size(POOL_SIZE).build().expect("the raw pool")
}

fn median(mut rounds: Vec<Figures>) -> Figures {
    rounds.sort_by(|a, b| a.ops_per_sec.total_cmp(&b.ops_per_sec));
    rounds[rounds.len() / 2]
}

/// One point select through a pool.
trait PointSelect: Clone + 'static {
    async fn once(&self, id: i32);
}

#[derive(Clone)]
struct RawOp(Pool);

impl PointSelect for RawOp {
    async fn once(&self, id: i32) {
        let client = self.0.get().await.expect("a raw connection");
        let statement = client.prepare_cached(POINT).await.expect("prepare");
        let rows = client.query_raw(&statement, [&id as &(dyn tokio_postgres::types::ToSql + Sync)]).await;
        let mut rows = pin!(rows.expect("query"));
        let row = rows.try_next().await.expect("a row").expect("one row");
        let user = User { id: row.get(0), name: row.get(1), hair_color: row.get(2) };
        std::hint::black_box(user);
    }
}

#[derive(Clone)]
struct OrmOp(Db);

impl PointSelect for OrmOp {
    async fn once(&self, id: i32) {
        let user = User::select().filter(User::ID.eq(id)).one(&self.0).await.expect("a user");
        std::hint::black_box(user);
    }
}

#[derive(Clone)]
struct OrmSqlOp(Db);

impl PointSelect for OrmSqlOp {
    async fn once(&self, id: i32) {
        let user: User = sql!("SELECT id, name, hair_color FROM users WHERE id = {}", id)
            .fetch_one(&self.0)
            .await
            .expect("a user");
        std::hint::black_box(user);
    }
}

/// `ops` point selects split over `concurrency` tasks on this runtime.
async fn measure(concurrency: usize, ops: usize, op: impl PointSelect) -> Figures {
    let local = tokio::task::LocalSet::new();
    let per_task = ops.div_ceil(concurrency);
    let op = Rc::new(op);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = local
        .run_until(async {
            let mut tasks = JoinSet::new();
            for task in 0..concurrency {
                let op = op.clone();
                tasks.spawn_local(async move {
                    let mut latencies = Vec::with_capacity(per_task);
                    for i in 0..per_task {
                        let id = ((task * per_task + i) % 10_000 + 1) as i32;
                        let started = Instant::now();
                        op.once(id).await;
                        latencies.push(started.elapsed());
                    }
                    latencies
                });
            }
            let mut all = Vec::with_capacity(per_task * concurrency);
            while let Some(done) = tasks.join_next().await {
                all.extend(done.expect("a task"));
            }
            all
        })
        .await;
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures { ops_per_sec: latencies.len() as f64 / elapsed.as_secs_f64(), p50: at(0.50), p99: at(0.99) }
}
