//! BENCHMARKS.md from criterion's estimates: ratio orm / raw per workload and size,
//! with the spread of the two confidence intervals, statements per operation, and
//! the peers' ratios when `benches/peers/results.json` exists; W13's table in a module of its own.

mod through_pooler;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use tokio::runtime::Runtime;

use crate::Env;
use crate::count::Cost;
use crate::interleave::Ratio;
use crate::pool;
use crate::through_pooler::Measured;

/// A criterion estimate: mean and its 95 % confidence interval, in nanoseconds.
#[derive(Clone, Copy)]
struct Estimate {
    mean: f64,
    low: f64,
    high: f64,
}

fn estimate(dir: &Path, group: &str, contender: &str, size: &str) -> Option<Estimate> {
    let path = dir.join(group).join(contender).join(size).join("new").join("estimates.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let mean = &json["mean"];
    Some(Estimate {
        mean: mean["point_estimate"].as_f64()?,
        low: mean["confidence_interval"]["lower_bound"].as_f64()?,
        high: mean["confidence_interval"]["upper_bound"].as_f64()?,
    })
}

/// The workloads compared with raw, as (group, size, what it does).
const COMPARED: &[(&str, &str, &str)] = &[
    ("W1", "1", "point select by primary key"),
    ("W2", "1", "select N users"),
    ("W2", "100", "select N users"),
    ("W2", "10000", "select N users"),
    ("W3", "100", "wide-row select (20 columns)"),
    ("W3", "10000", "wide-row select (20 columns)"),
    ("W4", "100", "users LEFT JOIN posts, filtered"),
    ("W4", "5000", "users LEFT JOIN posts, filtered"),
    ("W5", "100x10x10", "nested load users → posts → comments"),
    ("W6", "1", "insert one, RETURNING"),
    ("W7", "10", "insert many (orm insert_many vs raw UNNEST)"),
    ("W7", "100", "insert many (orm insert_many vs raw UNNEST)"),
    ("W7", "1000", "insert many (orm insert_many vs raw UNNEST)"),
    ("W8", "10000", "bulk load (orm copy_in vs raw COPY BINARY)"),
    ("W8", "100000", "bulk load (orm copy_in vs raw COPY BINARY)"),
    ("W9", "update", "update by primary key"),
    ("W9", "delete", "delete by primary key"),
    ("W10", "1", "transaction: begin, select, update, insert, commit"),
];

/// Workloads whose target is orm ≤ 1.05 × raw.
const TARGETED: &[&str] = &["W1", "W2", "W3", "W4", "W5", "W9", "W10"];

fn micros(ns: f64) -> String {
    if ns >= 1e6 { format!("{:.2} ms", ns / 1e6) } else { format!("{:.1} µs", ns / 1e3) }
}

fn command(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Writes BENCHMARKS.md at the repository root and returns its path.
pub fn write(
    rt: &Runtime,
    env: &Env,
    dir: &Path,
    costs: &[(&str, Cost)],
    pools: &pool::Results,
    ratios: &[(&str, &str, Ratio)],
    pooled: &[Measured],
) -> PathBuf {
    let server: String = rt.block_on(async {
        let row = env.raw.client.query_one("SHOW server_version", &[]).await.expect("version");
        row.get(0)
    });
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Written by `cargo bench --bench workloads` (benches/workloads/). Ratio = time(orm) ÷ time(raw \
         tokio-postgres) measured in one run, on one current-thread tokio runtime and one connection \
         each, TCP to 127.0.0.1; below 1 is faster than raw. The ratio the targets are judged by is \
         interleaved: in each of 21 rounds a ~25 ms batch of raw operations and one of orm operations run \
         back to back (alternating which goes first); the median of the rounds' ratios is reported with its \
         quartiles. The criterion means (each contender timed in its own stretch, so machine noise between \
         the two stretches shows in their ratio) are given beside it with their 95 % confidence ends. Raw is written well: statements prepared once, `query_raw`, \
         columns by index, UNNEST and COPY BINARY for bulk.\n"
    );
    let _ = writeln!(
        md,
        "- date: {}\n- commit: {}\n- machine: {} ({} cores)\n- rustc: {}\n- PostgreSQL: {}\n",
        command("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command("git", &["rev-parse", "--short", "HEAD"]),
        cpu_model(),
        command("nproc", &[]),
        command("rustc", &["--version"]),
        server,
    );
    let _ = writeln!(md, "## orm ÷ raw\n");
    let _ = writeln!(
        md,
        "| workload | size | raw | orm | ratio, interleaved (quartiles) | ratio of criterion means (CI ends) | statements / round trips per op (orm) |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|");
    let mut misses = Vec::new();
    for &(group, size, what) in COMPARED {
        let (Some(raw), Some(orm)) = (estimate(dir, group, "raw", size), estimate(dir, group, "orm", size))
        else {
            let _ = writeln!(md, "| {group} {what} | {size} | – | – | not measured | | |");
            continue;
        };
        let means =
            format!("{:.2} ({:.2}–{:.2})", orm.mean / raw.mean, orm.low / raw.high, orm.high / raw.low);
        // The interleaved ratio where there is one (the targeted workloads), else the means'.
        let interleaved = ratios.iter().find(|(g, s, _)| *g == group && *s == size).map(|(_, _, r)| *r);
        let (ratio, spread) = match interleaved {
            Some(r) => (r.median, format!("**{:.2}** ({:.2}–{:.2})", r.median, r.low, r.high)),
            None => (orm.mean / raw.mean, "–".to_owned()),
        };
        let count = costs
            .iter()
            .find(|(g, _)| *g == group)
            .map_or("–".to_owned(), |(_, c)| format!("{} / {}", c.statements, c.round_trips));
        let _ = writeln!(
            md,
            "| {group} {what} | {size} | {} | {} | {spread} | {means} | {count} |",
            micros(raw.mean),
            micros(orm.mean)
        );
        if TARGETED.contains(&group) && ratio > 1.05 {
            misses.push(format!("{group} at {size}: {ratio:.2} × raw (target ≤ 1.05)"));
        }
    }
    let _ = writeln!(md, "\n## Bulk load (W8), rows per second\n");
    let _ = writeln!(md, "| rows | raw COPY BINARY | orm copy_in |");
    let _ = writeln!(md, "|---|---|---|");
    for size in ["10000", "100000"] {
        let rows: f64 = size.parse().expect("a number");
        let rate =
            |e: Option<Estimate>| e.map_or("–".to_owned(), |e| format!("{:.0}", rows / (e.mean / 1e9)));
        let orm = estimate(dir, "W8", "orm", size);
        let _ = writeln!(md, "| {size} | {} | {} |", rate(estimate(dir, "W8", "raw", size)), rate(orm));
        if size == "100000" {
            if let Some(orm) = orm {
                let per_second = rows / (orm.mean / 1e9);
                if per_second < 500_000.0 {
                    misses.push(format!(
                        "W8 at 100k: {per_second:.0} rows/s through copy_in (target ≥ 500,000)"
                    ));
                }
            }
        }
    }
    let _ = writeln!(md, "\n## Rendering only (W12)\n");
    if let Some(render) = estimate(dir, "W12", "orm", "3-condition-select") {
        let _ = writeln!(
            md,
            "Building and rendering a three-condition select with ORDER BY and LIMIT: **{:.0} ns** \
             ({:.0}–{:.0}); target under 1 µs.",
            render.mean, render.low, render.high
        );
        if render.mean >= 1000.0 {
            misses.push(format!("W12: {:.0} ns (target < 1,000)", render.mean));
        }
    }
    prepared(&mut md, dir);
    nested(&mut md, dir, costs, &mut misses);
    pools_table(&mut md, pools);
    through_pooler::section(&mut md, pooled);
    crate::tls::section(&mut md, ratios);
    peers(&mut md, &mut misses);
    let _ = writeln!(md, "\n## Targets missed\n");
    if misses.is_empty() {
        let _ = writeln!(md, "None in this run.");
    }
    for miss in &misses {
        let _ = writeln!(md, "- {miss}");
    }
    notes(&mut md);
    compile_time(&mut md);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    std::fs::write(&path, md).expect("write BENCHMARKS.md");
    path
}

/// W1 through `orm::prepare`: the text written once.
fn prepared(md: &mut String, dir: &Path) {
    let (Some(raw), Some(orm), Some(prepared)) = (
        estimate(dir, "W1", "raw", "1"),
        estimate(dir, "W1", "orm", "1"),
        estimate(dir, "W1", "orm-prepared", "1"),
    ) else {
        return;
    };
    let _ = writeln!(
        md,
        "\n## Prepared query (W1 through `orm::prepare`)\n\n| contender | time | ÷ raw |\n|---|---|---|\n\
         | raw | {} | 1.00 |\n| orm, built per call | {} | {:.2} |\n| orm, prepared once | {} | {:.2} |",
        micros(raw.mean),
        micros(orm.mean),
        orm.mean / raw.mean,
        micros(prepared.mean),
        prepared.mean / raw.mean
    );
}

/// W5 three ways: one statement per level (raw and orm) and one JSON-aggregated statement.
fn nested(md: &mut String, dir: &Path, costs: &[(&str, Cost)], misses: &mut Vec<String>) {
    let cost = |name: &str| costs.iter().find(|(g, _)| *g == name).map(|(_, c)| *c);
    let (small, large) = (cost("W5 (10 users)"), cost("W5"));
    let trips = |c: Option<Cost>| c.map_or("?".to_owned(), |c| c.round_trips.to_string());
    let _ = writeln!(
        md,
        "\n## Nested loads (W5): one statement per level or one aggregated statement\n\n\
         Counted through a proxy between the connection and the server: loading 10 users with their posts \
         and comments costs orm {} round trips, 100 users (1,000 posts, 10,000 comments) {}: one per \
         level, whatever the number of rows.\n",
        trips(small),
        trips(large)
    );
    match (small, large) {
        (Some(s), Some(l)) if s.round_trips == l.round_trips && l.round_trips <= 3 => {}
        _ => misses.push(format!(
            "W5: round trips {} at 10 users and {} at 100 (target: constant, one per level)",
            trips(small),
            trips(large)
        )),
    }
    let size = "100x10x10";
    let (Some(raw), Some(orm), Some(json)) = (
        estimate(dir, "W5", "raw", size),
        estimate(dir, "W5", "orm", size),
        estimate(dir, "W5", "raw-json", size),
    ) else {
        return;
    };
    let _ = writeln!(
        md,
        "| W5 100×10×10 | time | ÷ raw per level |\n|---|---|---|\n\
         | raw, one statement per level (3 round trips) | {} | 1.00 |\n\
         | raw, one statement with `json_agg` (1 round trip), decoded by serde | {} | {:.2} |\n\
         | orm `.with(..)` (one statement per level) | {} | {:.2} |\n",
        micros(raw.mean),
        micros(json.mean),
        json.mean / raw.mean,
        micros(orm.mean),
        orm.mean / raw.mean
    );
    let verdict = if json.mean < raw.mean {
        "JSON aggregation is faster here than one statement per level"
    } else {
        "one statement per level is faster than JSON aggregation (the server builds and the client parses \
         JSON text for every row, which costs more than the two round trips it saves), so `.with(..)` \
         keeps one statement per level"
    };
    let _ = writeln!(md, "Measured: {verdict}.");
}

/// W11: throughput and latency through each pool at each concurrency.
fn pools_table(md: &mut String, pools: &pool::Results) {
    let _ = writeln!(
        md,
        "\n## Pool checkout + point select (W11)\n\n\
         Both pools hold {} connections; the tasks share one current-thread runtime. Raw is a \
         deadpool-postgres pool used by hand (`prepare_cached` + `query_raw`). Median of interleaved \
         rounds.\n\n\
         | concurrency | raw ops/s | orm ops/s | time ratio | raw p50 / p99 | orm p50 / p99 |\n\
         |---|---|---|---|---|---|",
        pool::POOL_SIZE
    );
    for (concurrency, raw, orm) in pools {
        let _ = writeln!(
            md,
            "| {concurrency} | {:.0} | {:.0} | **{:.2}** | {} / {} | {} / {} |",
            raw.ops_per_sec,
            orm.ops_per_sec,
            raw.ops_per_sec / orm.ops_per_sec,
            micros(raw.p50.as_nanos() as f64),
            micros(raw.p99.as_nanos() as f64),
            micros(orm.p50.as_nanos() as f64),
            micros(orm.p99.as_nanos() as f64),
        );
    }
}

/// The hand-written analysis of the last run: why a target was missed, what was tried.
fn notes(md: &mut String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/workloads/notes.md");
    if let Ok(text) = std::fs::read_to_string(path) {
        let _ = writeln!(md, "\n{}", text.trim_end());
    }
}

/// The last figures of benches/compile_time/run.sh.
fn compile_time(md: &mut String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/compile_time/last.md");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|_| "Not measured yet: `bash benches/compile_time/run.sh`.\n".to_owned());
    let _ = writeln!(md, "\n## Compile time\n\n{}", text.trim_end());
}

/// Median and quartiles of per-round ratios, as benches/peers writes them.
#[derive(Clone, Copy)]
struct Spread {
    median: f64,
    q1: f64,
    q3: f64,
}

impl Spread {
    fn from_json(v: Option<&serde_json::Value>) -> Option<Spread> {
        let v = v?;
        Some(Spread {
            median: v.get("median")?.as_f64()?,
            q1: v.get("q1")?.as_f64()?,
            q3: v.get("q3")?.as_f64()?,
        })
    }

    fn cell(self) -> String {
        format!("{:.2} ({:.2}–{:.2})", self.median, self.q1, self.q3)
    }

    /// Whether orm is faster, from orm ÷ peer: "yes" only when the median is below 1 and the
    /// quartiles do not straddle 1, "within noise" when they do, "no" otherwise.
    fn verdict(self) -> &'static str {
        if self.q1 <= 1.0 && self.q3 >= 1.0 {
            "within noise"
        } else if self.median < 1.0 {
            "yes"
        } else {
            "no"
        }
    }
}

/// The peers' figures from their own run (benches/peers, where orm runs too), when it has
/// been run: each contender ÷ raw and orm ÷ each peer, from interleaved rounds, and whether
/// orm is faster than each peer there.
fn peers(md: &mut String, misses: &mut Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/peers/results.json");
    let Some(json) =
        std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        let _ =
            writeln!(md, "\n## Peers\n\nNot run yet: `cd benches/peers && cargo bench` writes results.json.");
        return;
    };
    if json.get("format").and_then(|f| f.as_u64()) != Some(2) {
        let _ = writeln!(
            md,
            "\n## Peers\n\nbenches/peers/results.json predates the interleaved measurement: rerun \
             `cd benches/peers && cargo bench`."
        );
        return;
    }
    let results = json.get("results").and_then(|r| r.as_array()).cloned().unwrap_or_default();
    let text = |r: &serde_json::Value, k: &str| {
        r.get(k).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).unwrap_or_default()
    };
    let rounds =
        json.pointer("/settings/interleaved/rounds").map_or_else(|| "?".to_owned(), |r| r.to_string());
    let _ = writeln!(
        md,
        "\n## Peers\n\nFrom benches/peers: orm, sqlx, diesel-async and SeaORM beside raw tokio-postgres in one run \
         ({}, orm at commit {}, load average at start {}), each over one connection on one current-thread \
         runtime, same schema and seed. Interleaved: per workload and size, each of {rounds} rounds runs a batch \
         of every contender (the same number of operations, ~25 ms of raw's) back to back in a rotating order; \
         a ratio is taken within each round and the median over the rounds is given with its quartiles.\n",
        json.get("date").and_then(|d| d.as_str()).unwrap_or("date unknown"),
        json.get("orm_commit").and_then(|d| d.as_str()).unwrap_or("unknown"),
        json.pointer("/machine/load_average_at_start").and_then(|d| d.as_str()).unwrap_or("unknown"),
    );
    const PEERS: [(&str, &str); 3] =
        [("sqlx", "sqlx"), ("diesel-async", "diesel-async"), ("sea-orm", "SeaORM")];
    let mut rows: Vec<(String, String)> = Vec::new();
    for r in &results {
        let key = (text(r, "workload"), text(r, "size"));
        if !rows.contains(&key) {
            rows.push(key);
        }
    }
    let find = |workload: &str, size: &str, contender: &str| {
        results.iter().find(|r| {
            text(r, "workload") == workload && text(r, "size") == size && text(r, "contender") == contender
        })
    };
    let _ = writeln!(
        md,
        "Is orm faster? orm's time ÷ the peer's, per round (below 1: orm faster). Verdict \"yes\" when the \
         median is below 1 and the quartiles do not straddle 1, \"within noise\" when they straddle 1, \"no\" \
         otherwise.\n\n\
         | workload | size | orm ÷ sqlx | orm ÷ diesel-async | orm ÷ SeaORM | orm fastest? |\n|---|---|---|---|---|---|"
    );
    for (workload, size) in &rows {
        let mut cells = Vec::new();
        let (mut not_faster, mut noise, mut details) = (Vec::new(), Vec::new(), Vec::new());
        for (peer, label) in PEERS {
            let spread = find(workload, size, peer).and_then(|r| Spread::from_json(r.get("orm_over_this")));
            let Some(q) = spread else {
                cells.push("–".to_owned());
                not_faster.push(label);
                details.push(format!("{label} (not measured)"));
                continue;
            };
            let verdict = q.verdict();
            cells.push(format!("{} {verdict}", q.cell()));
            match verdict {
                "yes" => {}
                "within noise" => noise.push(label),
                _ => not_faster.push(label),
            }
            if verdict != "yes" {
                details.push(format!("{label} (orm ÷ {label} {}: {verdict})", q.cell()));
            }
        }
        let overall = match (not_faster.is_empty(), noise.is_empty()) {
            (true, true) => "yes".to_owned(),
            (true, false) => format!("within noise vs {}", noise.join(", ")),
            (false, true) => format!("no: {}", not_faster.join(", ")),
            (false, false) => format!("no: {}; within noise vs {}", not_faster.join(", "), noise.join(", ")),
        };
        if !details.is_empty() {
            misses.push(format!("{workload} at {size}: orm not shown faster than {}", details.join(", ")));
        }
        let _ = writeln!(md, "| {workload} | {size} | {} | {overall} |", cells.join(" | "));
    }
    let _ = writeln!(
        md,
        "\nEach contender ÷ raw, same rounds; raw's time per operation (median over rounds); round trips per \
         operation in brackets (client turns the server answered, counted by a protocol proxy outside the \
         timed runs).\n\n\
         | workload | size | raw | orm | sqlx | diesel-async | SeaORM |\n|---|---|---|---|---|---|---|"
    );
    for (workload, size) in &rows {
        let raw = find(workload, size, "raw");
        let per_op =
            raw.and_then(|r| r.get("per_op_ns")).and_then(|v| v.as_f64()).map_or("–".to_owned(), micros);
        let trips = |r: Option<&serde_json::Value>| r.map_or("?".to_owned(), |r| text(r, "round_trips"));
        let cells: Vec<String> = ["orm", "sqlx", "diesel-async", "sea-orm"]
            .iter()
            .map(|c| {
                let r = find(workload, size, c);
                match r.and_then(|r| Spread::from_json(r.get("ratio_to_raw"))) {
                    Some(q) => format!("{} [{}]", q.cell(), trips(r)),
                    None => "–".to_owned(),
                }
            })
            .collect();
        let _ = writeln!(md, "| {workload} | {size} | {per_op} [{}] | {} |", trips(raw), cells.join(" | "));
    }
}
