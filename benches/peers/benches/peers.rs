//! `cargo bench` entry point: recreate + seed the database, count round trips per operation
//! through a counting proxy, check every contender returns the same data, then time each
//! workload and size in interleaved rounds (every contender's batch back to back, rotating
//! order) and write results.json. `PEERS_CRITERION=1` also times each group with criterion
//! afterwards (contenders side by side, raw first; about 8 minutes more).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion};
use orm_peers_bench::contender_sea::Sea;
use orm_peers_bench::interleave::{self, concrete, connect_all, All};
use orm_peers_bench::placement;
use orm_peers_bench::report::{self, CONTENDERS, GROUPS};
use orm_peers_bench::setup::{self, Helper};
use orm_peers_bench::{proxy, Contender, Op, DB_NAME};
use serde_json::json;
use tokio::runtime::Runtime;

/// Every contender runs every op (warming statement caches), then must return identical data.
async fn check_all(all: &mut All, helper: &Helper) {
    for (w, s, op) in GROUPS {
        for _ in 0..2 {
            all.raw.run(concrete(*op, helper).await).await;
            all.orm.run(concrete(*op, helper).await).await;
            all.sqlx.run(concrete(*op, helper).await).await;
            all.diesel.run(concrete(*op, helper).await).await;
            all.sea.run(concrete(*op, helper).await).await;
        }
        let expected = all.raw.check(concrete(*op, helper).await).await;
        let others = [
            ("orm", all.orm.check(concrete(*op, helper).await).await),
            ("sqlx", all.sqlx.check(concrete(*op, helper).await).await),
            ("diesel-async", all.diesel.check(concrete(*op, helper).await).await),
            ("sea-orm", all.sea.check(concrete(*op, helper).await).await),
        ];
        for (name, got) in others {
            assert!(
                got == expected,
                "{w}/{s}: {name} returned different data from raw:\n raw: {:.300}\n {name}: {:.300}",
                expected,
                got
            );
        }
        eprintln!("check {w}/{s}: all contenders agree ({} bytes of Debug output)", expected.len());
    }
}

async fn count_one<C: Contender>(
    c: &mut C,
    op: Op,
    helper: &Helper,
    counters: &proxy::Counters,
) -> proxy::Counts {
    for _ in 0..2 {
        c.run(concrete(op, helper).await).await;
    }
    // Three counts, the least of each kept: a client's single write that reaches the proxy in
    // two reads with the server's answer in between would count one turn too many, never too few.
    let mut least: Option<proxy::Counts> = None;
    for _ in 0..3 {
        let op = concrete(op, helper).await;
        // Let work spawned by the previous call (sqlx's pool pings a returned connection in a
        // spawned task) finish before the window opens, and this call's before it closes.
        let settle = || tokio::time::sleep(Duration::from_millis(30));
        settle().await;
        counters.reset();
        c.run(op).await;
        settle().await;
        let n = counters.read();
        if least.is_some_and(|l| l != n) {
            eprintln!("  note: {} {op:?} counted {n:?} after {least:?}", c.name());
        }
        least = Some(match least {
            None => n,
            Some(l) => proxy::Counts {
                round_trips: l.round_trips.min(n.round_trips),
                statements: l.statements.min(n.statements),
                parses: l.parses.min(n.parses),
                close_batches: l.close_batches.min(n.close_batches),
            },
        });
    }
    least.expect("counted")
}

/// Round trips / statements / parses per operation for each contender, warm caches.
async fn count_round_trips(helper: &Helper, extra_sea_default_pool: bool) -> Vec<serde_json::Value> {
    let (port, counters) = proxy::start((orm_peers_bench::pg_host(), orm_peers_bench::pg_port())).await;
    let mut all = connect_all(port).await;
    let mut out = Vec::new();
    for (w, s, op) in GROUPS {
        let counts = [
            ("raw", count_one(&mut all.raw, *op, helper, &counters).await),
            ("orm", count_one(&mut all.orm, *op, helper, &counters).await),
            ("sqlx", count_one(&mut all.sqlx, *op, helper, &counters).await),
            ("diesel-async", count_one(&mut all.diesel, *op, helper, &counters).await),
            ("sea-orm", count_one(&mut all.sea, *op, helper, &counters).await),
        ];
        for (c, n) in counts {
            out.push(json!({"workload": w, "size": s, "contender": c,
                            "round_trips": n.round_trips, "statements": n.statements, "parses_when_warm": n.parses, "unawaited_close_batches": n.close_batches}));
        }
    }
    if extra_sea_default_pool {
        // SeaORM with the pool's default test_before_acquire(true), for the README's note.
        let mut sea = Sea::connect(&orm_peers_bench::url(DB_NAME, port), true).await;
        for (w, s, op) in GROUPS {
            let n = count_one(&mut sea, *op, helper, &counters).await;
            out.push(json!({"workload": w, "size": s, "contender": "sea-orm (test_before_acquire=true)",
                            "round_trips": n.round_trips, "statements": n.statements, "parses_when_warm": n.parses, "unawaited_close_batches": n.close_batches}));
        }
    }
    out
}

fn bench_one<C: Contender>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    rt: &Runtime,
    c: &mut C,
    op: Op,
    helper: &Helper,
) {
    let name = c.name();
    match op {
        Op::W9Delete(_) => {
            g.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    // Untimed: insert the rows to delete.
                    let ids = rt.block_on(helper.insert_users(iters));
                    rt.block_on(async {
                        let mut total = Duration::ZERO;
                        for id in ids {
                            let t = Instant::now();
                            black_box(c.run(Op::W9Delete(id)).await);
                            total += t.elapsed();
                        }
                        total
                    })
                })
            });
        }
        op => {
            g.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    rt.block_on(async {
                        let t = Instant::now();
                        for _ in 0..iters {
                            black_box(c.run(op).await);
                        }
                        t.elapsed()
                    })
                })
            });
        }
    }
}

fn main() {
    let test = std::env::args().any(|a| a == "--test");
    let with_criterion = test || std::env::var("PEERS_CRITERION").is_ok_and(|v| v == "1");
    let rounds = if test {
        2
    } else {
        std::env::var("PEERS_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(interleave::ROUNDS)
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let date = String::from_utf8_lossy(
        &std::process::Command::new("date")
            .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .trim()
    .to_owned();
    eprintln!("load average at start: {load}");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args();

    eprintln!("recreating and seeding {DB_NAME} ...");
    let pg_version = rt.block_on(setup::recreate_and_seed());
    let helper = rt.block_on(Helper::connect());

    let round_trips = rt.block_on(count_round_trips(&helper, true));
    eprintln!("\nround trips per operation (warm statement caches):");
    for r in &round_trips {
        eprintln!(
            "  {:<10} {:<10} {:<36} round_trips={} statements={} parses={} unawaited_closes={}",
            r["workload"].as_str().unwrap(),
            r["size"].as_str().unwrap(),
            r["contender"].as_str().unwrap(),
            r["round_trips"],
            r["statements"],
            r["parses_when_warm"],
            r["unawaited_close_batches"]
        );
    }

    let mut all = rt.block_on(connect_all(orm_peers_bench::pg_port()));
    rt.block_on(check_all(&mut all, &helper));

    placement::pin_client();
    let mut interleaved = Vec::new();
    for (w, s, op) in GROUPS {
        // Sessions opened since (a pool may add one) are placed like the others.
        rt.block_on(placement::pin_sessions(&helper));
        let started = Instant::now();
        interleaved.push(rt.block_on(interleave::measure(&mut all, &helper, w, s, *op, rounds, test)));
        eprintln!(
            "interleaved {w}/{s}: {rounds} rounds of {} operations per contender in {:.1} s",
            interleaved.last().unwrap()["ops_per_batch"],
            started.elapsed().as_secs_f64()
        );
    }

    let meta = json!({
        "date": date,
        "load_average_at_start": load,
        "postgres": pg_version,
        "round_trips": round_trips,
        "interleaved": interleaved,
        "criterion": with_criterion && !test,
        "settings": {
            "runtime": "tokio current_thread", "connections_per_contender": 1,
            "transport": "TCP 127.0.0.1, no TLS",
            "sea_orm_pool": "max_connections=1, min_connections=1, test_before_acquire=false",
            "interleaved": {
                "rounds": rounds, "batch_ms": interleave::BATCH.as_millis() as u64,
                "order": "round r runs the contenders [raw, orm, sqlx, diesel-async, sea-orm] rotated left by r % 5, \
                          reversed when (r / 5) is odd; 1 ms untimed pause before each batch",
            },
            "criterion": if with_criterion && !test {
                json!({"warm_up_s": 1, "measurement_s": 3, "sample_size": 30})
            } else {
                json!(null)
            },
        },
    });
    let dir = report::criterion_dir();
    std::fs::create_dir_all(&dir).expect("criterion dir");
    if !test {
        std::fs::write(dir.join(report::META_FILE), serde_json::to_string_pretty(&meta).unwrap())
            .expect("meta");
    }

    if with_criterion {
        for (w, s, op) in GROUPS {
            let mut g = criterion.benchmark_group(format!("{w}/{s}"));
            bench_one(&mut g, &rt, &mut all.raw, *op, &helper);
            bench_one(&mut g, &rt, &mut all.orm, *op, &helper);
            bench_one(&mut g, &rt, &mut all.sqlx, *op, &helper);
            bench_one(&mut g, &rt, &mut all.diesel, *op, &helper);
            bench_one(&mut g, &rt, &mut all.sea, *op, &helper);
            g.finish();
        }
        criterion.final_summary();
    }
    debug_assert_eq!(CONTENDERS.len(), 5);

    if test {
        // Smoke mode times nothing that counts: keep results.json (from the last full run) as it is.
        eprintln!("test mode: results.json not rewritten");
        return;
    }
    let table = report::write();
    println!(
        "\ninterleaved, {rounds} rounds: median (quartiles) of the per-round ratios; [round trips per operation]\n\n{table}"
    );
}
