//! Reads the bench's side file (`<criterion dir>/peers-meta.json`: interleaved rounds, round
//! trips, server version) and, when the run timed with criterion too, criterion's estimates
//! (`<criterion dir>/<group>/<fn>/new/estimates.json`), and
//! writes `results.json` next to Cargo.toml, printing a markdown table of ratios.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::Op;

/// Groups in run order: (workload, size, op). Criterion group id is "workload/size".
pub const GROUPS: &[(&str, &str, Op)] = &[
    ("W1", "1", Op::W1),
    ("W2", "1", Op::W2(1)),
    ("W2", "100", Op::W2(100)),
    ("W2", "10000", Op::W2(10_000)),
    ("W4", "100", Op::W4(10)),
    ("W4", "5000", Op::W4(500)),
    ("W5", "100x10x10", Op::W5),
    ("W9-update", "1", Op::W9Update),
    ("W9-delete", "1", Op::W9Delete(0)),
    ("W10", "1", Op::W10),
];

/// Contenders in column order; raw first.
pub const CONTENDERS: &[&str] = &["raw", "orm", "sqlx", "diesel-async", "sea-orm"];

pub const META_FILE: &str = "peers-meta.json";

/// Same lookup as criterion 0.5: $CRITERION_HOME, $CARGO_TARGET_DIR/criterion,
/// `cargo metadata`'s target directory + /criterion, ./target/criterion.
pub fn criterion_dir() -> PathBuf {
    if let Some(h) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(h);
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t).join("criterion");
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    if let Ok(out) = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        if let Ok(v) = serde_json::from_slice::<Value>(&out.stdout) {
            if let Some(t) = v["target_directory"].as_str() {
                return PathBuf::from(t).join("criterion");
            }
        }
    }
    PathBuf::from("target/criterion")
}

fn safe(s: &str) -> String {
    s.chars().map(|c| if "?\"/\\*<>:|^".contains(c) { '_' } else { c }).collect()
}

fn read_json(p: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
}

fn cmd(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_default()
}

/// Versions of the contenders' crates, from this crate's Cargo.lock.
fn crate_versions() -> Value {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap_or_default();
    let wanted = [
        "orm",
        "deadpool-postgres",
        "tokio-postgres",
        "sqlx",
        "diesel",
        "diesel-async",
        "sea-orm",
        "sea-query",
        "tokio",
        "criterion",
    ];
    let mut out = serde_json::Map::new();
    let mut name: Option<String> = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_owned());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            if wanted.contains(&n.as_str()) {
                out.insert(n, json!(v.trim_matches('"')));
            }
        }
    }
    Value::Object(out)
}

/// Median and quartiles of a sample (the same rank rule as the main suite's interleave.rs).
#[derive(Clone, Copy, Debug)]
pub struct Quartiles {
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
}

pub fn quartiles(mut v: Vec<f64>) -> Option<Quartiles> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    Some(Quartiles { median: at(0.5), q1: at(0.25), q3: at(0.75) })
}

impl Quartiles {
    fn json(self) -> Value {
        json!({"median": self.median, "q1": self.q1, "q3": self.q3})
    }
    fn cell(self) -> String {
        format!("{:.2} ({:.2}–{:.2})", self.median, self.q1, self.q3)
    }
}

/// "orm faster than this peer?" from orm ÷ peer over the rounds: "yes" when the median and
/// both quartiles are below 1, "within noise" when the quartiles straddle 1, else "no".
pub fn verdict(q: Quartiles) -> &'static str {
    if q.q1 <= 1.0 && q.q3 >= 1.0 {
        "within noise"
    } else if q.median < 1.0 {
        "yes"
    } else {
        "no"
    }
}

/// Per-round ratios `num[r] / den[r]`.
fn per_round(num: &[f64], den: &[f64]) -> Vec<f64> {
    num.iter().zip(den).map(|(n, d)| n / d).collect()
}

fn times(group: &Value, contender: &str) -> Vec<f64> {
    group["batch_ns"][contender]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Build results.json from the bench's side file (interleaved rounds, round trips) and, when
/// that run also ran criterion, criterion's estimates; returns the markdown table.
pub fn write() -> String {
    let dir = criterion_dir();
    let meta = read_json(&dir.join(META_FILE)).unwrap_or(Value::Null);
    let with_criterion = meta["criterion"].as_bool().unwrap_or(false);
    let rtc = |w: &str, s: &str, c: &str| -> Value {
        meta["round_trips"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["workload"] == w && r["size"] == s && r["contender"] == c))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut results = Vec::new();
    let mut table = String::from(
        "| workload | size | raw per op | orm ÷ raw | sqlx ÷ raw | diesel-async ÷ raw | SeaORM ÷ raw | orm ÷ sqlx | orm ÷ diesel-async | orm ÷ SeaORM |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (w, s, _) in GROUPS {
        let Some(group) = meta["interleaved"]
            .as_array()
            .and_then(|a| a.iter().find(|g| g["workload"] == *w && g["size"] == *s))
        else {
            continue;
        };
        let ops = group["ops_per_batch"].as_f64().unwrap_or(1.0);
        let raw = times(group, "raw");
        let orm = times(group, "orm");
        let mut to_raw = Vec::new();
        let mut orm_over = Vec::new();
        let mut raw_per_op = f64::NAN;
        for c in CONTENDERS {
            let t = times(group, c);
            let per_op = quartiles(t.iter().map(|x| x / ops).collect()).map(|q| q.median);
            if *c == "raw" {
                raw_per_op = per_op.unwrap_or(f64::NAN);
            }
            let ratio = quartiles(per_round(&t, &raw));
            let over = if CONTENDERS[2..].contains(c) { quartiles(per_round(&orm, &t)) } else { None };
            let criterion = if with_criterion {
                let group_id = format!("{w}/{s}");
                let raw_est =
                    read_json(&dir.join(safe(&group_id)).join("raw").join("new").join("estimates.json"));
                read_json(&dir.join(safe(&group_id)).join(safe(c)).join("new").join("estimates.json")).map(
                    |est| {
                        let mean = est["mean"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
                        let raw_mean = raw_est
                            .as_ref()
                            .and_then(|r| r["mean"]["point_estimate"].as_f64())
                            .unwrap_or(f64::NAN);
                        json!({
                            "mean_ns": mean,
                            "ci_low_ns": est["mean"]["confidence_interval"]["lower_bound"],
                            "ci_high_ns": est["mean"]["confidence_interval"]["upper_bound"],
                            "ratio_of_means": mean / raw_mean,
                        })
                    },
                )
            } else {
                None
            };
            let rt = rtc(w, s, c);
            results.push(json!({
                "workload": w, "size": s, "contender": c,
                "per_op_ns": per_op,
                "ratio_to_raw": ratio.map(Quartiles::json),
                "orm_over_this": over.map(Quartiles::json),
                "orm_faster": over.map(verdict),
                "round_trips": rt["round_trips"], "statements": rt["statements"],
                "criterion": criterion,
            }));
            if *c != "raw" {
                to_raw
                    .push(ratio.map_or("–".to_owned(), |q| format!("{} [{}]", q.cell(), rt["round_trips"])));
            }
            if let Some(q) = over {
                orm_over.push(format!("{} {}", q.cell(), verdict(q)));
            }
        }
        let per_op = if raw_per_op >= 1e6 {
            format!("{:.2} ms", raw_per_op / 1e6)
        } else {
            format!("{:.0} µs", raw_per_op / 1e3)
        };
        table.push_str(&format!(
            "| {w} | {s} | {per_op} [{}] | {} | {} |\n",
            rtc(w, s, "raw")["round_trips"],
            to_raw.join(" | "),
            orm_over.join(" | ")
        ));
    }
    let out = json!({
        "format": 2,
        "date": meta["date"],
        "rustc": cmd(&std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()), &["--version"]),
        "machine": { "nproc": cmd("nproc", &[]), "cpu_model": cpu_model(), "load_average_at_start": meta["load_average_at_start"] },
        "postgres": meta["postgres"],
        "crates": crate_versions(),
        // orm is a path dependency: the commit of the working tree it was built from.
        "orm_commit": cmd("git", &["-C", env!("CARGO_MANIFEST_DIR"), "describe", "--always", "--dirty"]),
        "settings": meta["settings"],
        "note": "Interleaved rounds: per workload and size, each round times a batch of every contender (same number \
                 of operations, ~25 ms of raw's) back to back in a rotating order. ratio_to_raw = median and \
                 quartiles over the rounds of batch time / raw's batch time in the same round; orm_over_this = \
                 the same for orm's batch time / this contender's (below 1: orm faster); orm_faster = yes when \
                 its median and quartiles are below 1, within noise when the quartiles straddle 1, else no; \
                 per_op_ns = median batch time / operations per batch. round_trips (client turns the server \
                 answered) and statements per operation were counted by a protocol proxy outside the timed runs. \
                 criterion: the criterion means of the same run, when it ran criterion too (PEERS_CRITERION=1).",
        "results": results,
        "round_trips_detail": meta["round_trips"],
        "interleaved_rounds": meta["interleaved"],
    });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").expect("write results.json");
    eprintln!("wrote {}", path.display());
    table
}
