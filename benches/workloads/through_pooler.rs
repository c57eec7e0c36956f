//! W13: W1 and W2/100 through a real PgBouncer, orm beside raw tokio-postgres through
//! the same one, in two setups: PgBouncer in session mode (orm's statement cache, raw
//! prepared once) and in transaction mode (orm's `PoolerMode::Transaction`, raw
//! `query_typed_raw`). orm runs on a `Db` of one connection (its pooler mode lives on
//! the pool), raw on one client; interleaved ratios as in interleave.rs.

use orm::testing::RoundTrips;
use orm::{Db, PoolerMode};

use crate::interleave::{Ratio, ratio};
use crate::pgbouncer::{NOT_INSTALLED, PgBouncer, PoolMode, Reuse};
use crate::raw_pooled::RawPooled;
use crate::{Env, ours, placement};

/// Server sessions PgBouncer may open per database: more than the contenders (and the
/// round-trip counters) ever hold at once, so that none waits for one.
const SERVER_SESSIONS: u32 = 8;

/// The setups: PgBouncer's pool mode and the orm pooler mode that goes with it.
const SETUPS: [(PoolMode, PoolerMode); 2] =
    [(PoolMode::Session, PoolerMode::Session), (PoolMode::Transaction, PoolerMode::Transaction)];

/// One measured row of W13.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    pub pool_mode: PoolMode,
    /// "W1" or "W2/100".
    pub workload: &'static str,
    /// orm ÷ raw, interleaved.
    pub ratio: Ratio,
    /// Round trips per operation between the client and PgBouncer: (orm, raw).
    pub round_trips: (u64, u64),
}

/// The contenders of one setup, through one PgBouncer.
struct Contenders {
    orm: Db,
    raw: RawPooled,
}

impl Contenders {
    async fn connect(url: &str, pool_mode: PoolMode, pooler_mode: PoolerMode) -> Contenders {
        let orm =
            Db::builder(url).pooler_mode(pooler_mode).max_size(1).build().expect("orm through PgBouncer");
        Contenders { orm, raw: RawPooled::connect(url, pool_mode).await }
    }

    /// Runs both workloads on both contenders once, checking they agree; this also
    /// fills orm's statement cache (or its learned types) and opens every connection.
    async fn warm_up(&self) {
        let (orm, raw) = (&self.orm, &self.raw);
        assert_eq!(ours::w1_point(orm, 42).await.unwrap(), raw.w1_point(42).await, "W13 W1");
        assert_eq!(ours::w2_users(orm, 100).await.unwrap(), raw.w2_users(100).await, "W13 W2/100");
    }
}

/// Runs W13: `rounds` interleaved rounds per setup and workload. Exits with one line
/// when PgBouncer is not installed.
pub async fn run(env: &Env, rounds: usize) -> Vec<Measured> {
    if crate::pgbouncer::installed().is_none() {
        eprintln!("W13 runs through PgBouncer, and {NOT_INSTALLED}");
        std::process::exit(1);
    }
    let mut out = Vec::new();
    for (pool_mode, pooler_mode) in SETUPS {
        let bouncer = PgBouncer::start(pool_mode, SERVER_SESSIONS, Reuse::Lifo);
        let trips = count_round_trips(env, &bouncer, pool_mode, pooler_mode).await;
        let timed = Contenders::connect(&bouncer.url(env.test_db.name()), pool_mode, pooler_mode).await;
        timed.warm_up().await;
        placement::pin_process(bouncer.pid());
        placement::pin_sessions(&env.test_db).await;
        let (orm, raw) = (&timed.orm, &timed.raw);
        let w1 = ratio(
            rounds,
            async || {
                std::hint::black_box(raw.w1_point(42).await);
            },
            async || {
                std::hint::black_box(ours::w1_point(orm, 42).await.unwrap());
            },
        )
        .await;
        let w2 = ratio(
            rounds,
            async || {
                std::hint::black_box(raw.w2_users(100).await);
            },
            async || {
                std::hint::black_box(ours::w2_users(orm, 100).await.unwrap());
            },
        )
        .await;
        out.push(Measured { pool_mode, workload: "W1", ratio: w1, round_trips: trips[0] });
        out.push(Measured { pool_mode, workload: "W2/100", ratio: w2, round_trips: trips[1] });
    }
    out
}

/// One line per measured row.
pub fn print(measured: &[Measured]) {
    for m in measured {
        let (r, (orm, raw)) = (m.ratio, m.round_trips);
        println!(
            "W13 {} {}: orm / raw {:.3} (quartiles {:.3}–{:.3}); round trips per op: orm {orm}, raw {raw}",
            m.pool_mode.setting(),
            m.workload,
            r.median,
            r.low,
            r.high
        );
    }
}

/// Round trips per operation of W1 and W2/100, (orm, raw) each, counted by a proxy in
/// front of PgBouncer on contenders of their own, after a warm-up.
async fn count_round_trips(
    env: &Env,
    bouncer: &PgBouncer,
    pool_mode: PoolMode,
    pooler_mode: PoolerMode,
) -> [(u64, u64); 2] {
    let (port, trips) =
        RoundTrips::start(("127.0.0.1".to_owned(), bouncer.port())).await.expect("the counting proxy");
    let url = bouncer.url(env.test_db.name()).replace(&format!(":{}/", bouncer.port()), &format!(":{port}/"));
    let counted = Contenders::connect(&url, pool_mode, pooler_mode).await;
    counted.warm_up().await;
    let (orm, raw) = (&counted.orm, &counted.raw);
    trips.take();
    ours::w1_point(orm, 42).await.unwrap();
    let w1_orm = trips.take();
    raw.w1_point(42).await;
    let w1_raw = trips.take();
    ours::w2_users(orm, 100).await.unwrap();
    let w2_orm = trips.take();
    raw.w2_users(100).await;
    [(w1_orm, w1_raw), (w2_orm, trips.take())]
}
