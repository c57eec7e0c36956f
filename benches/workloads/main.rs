//! BENCH.md's workloads, `orm` beside raw tokio-postgres in one run, on one
//! current-thread runtime and one connection each.
//!
//! ```sh
//! cargo bench --bench workloads     # the full run; writes BENCHMARKS.md
//! cargo test --bench workloads      # smoke: every workload once (CI)
//! INTERLEAVE=W5 cargo bench --bench workloads  # only W5's interleaved ratio, no report
//! INTERLEAVE=W11R cargo bench --bench workloads # W11 with orm's select as raw SQL (`sql!`)
//! INTERLEAVE=W13 cargo bench --bench workloads # W1 and W2/100 through PgBouncer
//! ```
//!
//! Needs a PostgreSQL at `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/postgres);
//! it creates and drops a database of its own. W13 needs PgBouncer (`apt-get install pgbouncer`);
//! W14 (TLS) starts a server of its own, with PostgreSQL's server programs (`initdb`, `pg_ctl`).

// A benchmark binary, not an API.
#![allow(missing_docs, unreachable_pub)]

mod count;
mod interleave;
mod ours;
#[path = "../../tests/support/pgbouncer.rs"]
mod pgbouncer;
mod placement;
mod pool;
mod raw;
mod raw_pooled;
mod report;
mod schema;
mod through_pooler;
mod tls;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, black_box};
use orm::prelude::*;
use orm::testing::TestDb;
use tokio::runtime::Runtime;

use raw::Raw;
use schema::new_notes;

/// Everything the workloads run against.
pub struct Env {
    pub test_db: TestDb,
    pub conn: orm::Connection,
    pub raw: Raw,
}

impl Env {
    async fn new() -> Env {
        let test_db = TestDb::new().await;
        schema::create_and_seed(&test_db).await;
        settle(&test_db).await;
        let conn = test_db.connection().await.expect("a connection");
        let (client, connection) =
            test_db.config().connect(tokio_postgres::NoTls).await.expect("the raw client connects");
        tokio::spawn(connection);
        let env = Env { raw: Raw::new(client).await, conn, test_db };
        placement::pin_client();
        placement::pin_sessions(&env.test_db).await;
        env
    }
}

/// Vacuums, analyzes and checkpoints the database, so that neither autovacuum nor a
/// checkpoint set off by the writes so far lands in the middle of a measurement.
async fn settle(test_db: &TestDb) {
    test_db.batch_execute("VACUUM (ANALYZE)").await.expect("vacuum");
    // CHECKPOINT needs superuser (or pg_checkpoint); without it the run still holds.
    let _ = test_db.batch_execute("CHECKPOINT").await;
}

fn main() {
    let full_run = std::env::args().any(|arg| arg == "--bench");
    let only = std::env::var("INTERLEAVE").ok();
    if only.as_deref().is_none_or(|group| group == "W14") {
        tls::require_server_programs();
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let env = rt.block_on(Env::new());
    rt.block_on(count::check_agreement(&env));
    if let Some(group) = only {
        // A quick look at one workload while working on it.
        if group == "W11" || group == "W11R" {
            let results = match group.as_str() {
                "W11" => rt.block_on(pool::run(&env, 5, 4_000)),
                _ => rt.block_on(pool::run_raw_sql(&env, 5, 4_000)),
            };
            for (concurrency, raw, orm) in results {
                println!(
                    "{group} x{concurrency}: orm / raw {:.3} (p50 raw {:?} orm {:?})",
                    raw.ops_per_sec / orm.ops_per_sec,
                    raw.p50,
                    orm.p50
                );
            }
            return;
        }
        if group == "W13" {
            through_pooler::print(&rt.block_on(through_pooler::run(&env, 21)));
            return;
        }
        let ratios = match group.as_str() {
            "W14" => vec![("W14", "1", rt.block_on(tls::ratio(21)))],
            _ => rt.block_on(interleave::targeted(&env, 21, Some(&group))),
        };
        for (group, size, r) in ratios {
            println!("{group} {size}: orm / raw {:.3} (quartiles {:.3}–{:.3})", r.median, r.low, r.high);
        }
        return;
    }
    let costs = rt.block_on(count::per_operation(&env));
    for (workload, cost) in &costs {
        println!("{workload}: {} statements, {} round trips", cost.statements, cost.round_trips);
    }
    let w5: Vec<u64> =
        costs.iter().filter(|(w, _)| w.starts_with("W5")).map(|(_, c)| c.round_trips).collect();
    assert_eq!(w5, [3, 3], "W5 takes one round trip per level, whatever the number of rows");
    let mut c = Criterion::default()
        .output_directory(&criterion_dir())
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    selects(&mut c, &rt, &env);
    inserts(&mut c, &rt, &env);
    writes(&mut c, &rt, &env);
    render(&mut c);
    c.final_summary();
    // W11 reports throughput and percentiles, not criterion estimates.
    let (rounds, ops) = if full_run { (5, 4_000) } else { (1, 64) };
    let pools = rt.block_on(pool::run(&env, rounds, ops));
    // The ratios the targets are judged by: contenders interleaved round by round, after
    // the writes above are vacuumed and checkpointed.
    rt.block_on(settle(&env.test_db));
    let rounds = if full_run { 21 } else { 1 };
    let mut ratios = rt.block_on(interleave::targeted(&env, rounds, None));
    ratios.push(("W14", "1", rt.block_on(tls::ratio(rounds))));
    let pooled = rt.block_on(through_pooler::run(&env, rounds));
    through_pooler::print(&pooled);
    if full_run {
        let path = report::write(&rt, &env, &criterion_dir(), &costs, &pools, &ratios, &pooled);
        println!("wrote {}", path.display());
    }
}

fn criterion_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("criterion")
}

fn selects(c: &mut Criterion, rt: &Runtime, env: &Env) {
    let mut group = c.benchmark_group("W1");
    group.bench_function(BenchmarkId::new("raw", 1), |b| {
        b.to_async(rt).iter(|| env.raw.w1_point(black_box(42)))
    });
    group.bench_function(BenchmarkId::new("orm", 1), |b| {
        b.to_async(rt).iter(|| async { ours::w1_point(&env.conn, black_box(42)).await.unwrap() })
    });
    let prepared = ours::PreparedPoint::new();
    group.bench_function(BenchmarkId::new("orm-prepared", 1), |b| {
        b.to_async(rt).iter(|| async { prepared.run(&env.conn, black_box(42)).await.unwrap() })
    });
    group.finish();

    let mut group = c.benchmark_group("W2");
    for n in [1, 100, 10_000] {
        group.bench_function(BenchmarkId::new("raw", n), |b| b.to_async(rt).iter(|| env.raw.w2_users(n)));
        group.bench_function(BenchmarkId::new("orm", n), |b| {
            b.to_async(rt).iter(|| async { ours::w2_users(&env.conn, n).await.unwrap() })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("W3");
    for n in [100, 10_000] {
        group.bench_function(BenchmarkId::new("raw", n), |b| b.to_async(rt).iter(|| env.raw.w3_wide(n)));
        group.bench_function(BenchmarkId::new("orm", n), |b| {
            b.to_async(rt).iter(|| async { ours::w3_wide(&env.conn, n).await.unwrap() })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("W4");
    for (rows, upto) in [(100, 10), (5_000, 500)] {
        group
            .bench_function(BenchmarkId::new("raw", rows), |b| b.to_async(rt).iter(|| env.raw.w4_join(upto)));
        group.bench_function(BenchmarkId::new("orm", rows), |b| {
            b.to_async(rt).iter(|| async { ours::w4_join(&env.conn, upto).await.unwrap() })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("W5");
    group.bench_function(BenchmarkId::new("raw", "100x10x10"), |b| {
        b.to_async(rt).iter(|| env.raw.w5_nested(100))
    });
    group.bench_function(BenchmarkId::new("orm", "100x10x10"), |b| {
        b.to_async(rt).iter(|| async { ours::w5_nested(&env.conn, 100).await.unwrap() })
    });
    group.bench_function(BenchmarkId::new("raw-json", "100x10x10"), |b| {
        b.to_async(rt).iter(|| env.raw.w5_nested_json(100))
    });
    group.finish();
}

fn inserts(c: &mut Criterion, rt: &Runtime, env: &Env) {
    let mut group = c.benchmark_group("W6");
    let note = || new_notes(1).pop().expect("one note");
    group.bench_function(BenchmarkId::new("raw", 1), |b| {
        b.to_async(rt).iter(|| async { env.raw.w6_insert(&note()).await })
    });
    group.bench_function(BenchmarkId::new("orm", 1), |b| {
        b.to_async(rt).iter(|| async { ours::w6_insert(&env.conn, note()).await.unwrap() })
    });
    group.finish();

    let mut group = c.benchmark_group("W7");
    for n in [10, 100, 1_000] {
        rt.block_on(env.raw.exec("TRUNCATE notes"));
        group.bench_function(BenchmarkId::new("raw", n), |b| {
            b.to_async(rt).iter(|| async { env.raw.w7_insert_many(&new_notes(n)).await })
        });
        rt.block_on(env.raw.exec("TRUNCATE notes"));
        group.bench_function(BenchmarkId::new("orm", n), |b| {
            b.to_async(rt).iter(|| async { ours::w7_insert_many(&env.conn, new_notes(n)).await.unwrap() })
        });
    }
    group.finish();

    // Each timed load starts from an empty table; building the rows is not timed.
    let mut group = c.benchmark_group("W8");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        group.bench_function(BenchmarkId::new("raw", n), |b| {
            b.to_async(rt).iter_custom(|iters| async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    env.raw.exec("TRUNCATE notes").await;
                    let rows = new_notes(n);
                    let started = Instant::now();
                    black_box(env.raw.w8_copy(&rows).await);
                    total += started.elapsed();
                }
                total
            })
        });
        group.bench_function(BenchmarkId::new("orm", n), |b| {
            b.to_async(rt).iter_custom(|iters| async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    env.raw.exec("TRUNCATE notes").await;
                    let rows = new_notes(n);
                    let started = Instant::now();
                    black_box(ours::w8_copy(&env.conn, rows).await.unwrap());
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

fn writes(c: &mut Criterion, rt: &Runtime, env: &Env) {
    let mut group = c.benchmark_group("W9");
    group.bench_function(BenchmarkId::new("raw", "update"), |b| {
        b.to_async(rt).iter(|| env.raw.w9_update(5000))
    });
    group.bench_function(BenchmarkId::new("orm", "update"), |b| {
        b.to_async(rt).iter(|| async { ours::w9_update(&env.conn, 5000).await.unwrap() })
    });
    // Rows to delete are inserted before the timed loop.
    group.bench_function(BenchmarkId::new("raw", "delete"), |b| {
        b.to_async(rt).iter_custom(|iters| async move {
            let ids = count::fresh_note_ids(env, iters).await;
            let started = Instant::now();
            for id in ids {
                black_box(env.raw.w9_delete(id).await);
            }
            started.elapsed()
        })
    });
    group.bench_function(BenchmarkId::new("orm", "delete"), |b| {
        b.to_async(rt).iter_custom(|iters| async move {
            let ids = count::fresh_note_ids(env, iters).await;
            let started = Instant::now();
            for id in ids {
                black_box(ours::w9_delete(&env.conn, id).await.unwrap());
            }
            started.elapsed()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("W10");
    group.bench_function(BenchmarkId::new("raw", 1), |b| {
        b.to_async(rt).iter(|| env.raw.w10_transaction(5000))
    });
    group.bench_function(BenchmarkId::new("orm", 1), |b| {
        b.to_async(rt).iter(|| async { ours::w10_transaction(&env.conn, 5000).await.unwrap() })
    });
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("W12");
    group.bench_function(BenchmarkId::new("orm", "3-condition-select"), |b| {
        b.iter(|| ours::w12_render(black_box("Ada"), black_box(10)))
    });
    group.finish();
}
