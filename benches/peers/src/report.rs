//! Reads criterion's estimates (`<criterion dir>/<group>/<fn>/new/estimates.json`) and the
//! bench's side file (`<criterion dir>/peers-meta.json`: server version, round trips), and
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

/// Build results.json from whatever estimates exist; returns the markdown table.
pub fn write() -> String {
    let dir = criterion_dir();
    let meta = read_json(&dir.join(META_FILE)).unwrap_or(Value::Null);
    let rtc = |w: &str, s: &str, c: &str| -> Value {
        meta["round_trips"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["workload"] == w && r["size"] == s && r["contender"] == c))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut results = Vec::new();
    let mut table = String::new();
    table.push_str("| workload | size | raw mean (µs) |");
    for c in &CONTENDERS[1..] {
        table.push_str(&format!(" {c} |"));
    }
    table.push_str("\n|---|---|---|");
    for _ in &CONTENDERS[1..] {
        table.push_str("---|");
    }
    table.push('\n');
    for (w, s, _) in GROUPS {
        let group = format!("{w}/{s}");
        let mut raw_mean = None;
        let mut row = Vec::new();
        for c in CONTENDERS {
            let est = read_json(&dir.join(safe(&group)).join(safe(c)).join("new").join("estimates.json"));
            let Some(est) = est else {
                row.push(None);
                continue;
            };
            let mean = est["mean"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
            let lo = est["mean"]["confidence_interval"]["lower_bound"].as_f64().unwrap_or(f64::NAN);
            let hi = est["mean"]["confidence_interval"]["upper_bound"].as_f64().unwrap_or(f64::NAN);
            if *c == "raw" {
                raw_mean = Some(mean);
            }
            let ratio = raw_mean.map(|r| mean / r);
            let rt = rtc(w, s, c);
            results.push(json!({
                "workload": w, "size": s, "contender": c,
                "mean_ns": mean, "ci_low_ns": lo, "ci_high_ns": hi,
                "ratio": ratio,
                "ratio_ci": raw_mean.map(|r| [lo / r, hi / r]),
                "round_trips": rt["round_trips"], "statements": rt["statements"],
            }));
            row.push(ratio.map(|r| (r, lo / raw_mean.unwrap(), hi / raw_mean.unwrap())));
        }
        if raw_mean.is_none() {
            continue;
        }
        table.push_str(&format!("| {w} | {s} | {:.1} |", raw_mean.unwrap() / 1000.0));
        for r in &row[1..] {
            match r {
                Some((r, lo, hi)) => table.push_str(&format!(" {r:.2} ({lo:.2}–{hi:.2}) |")),
                None => table.push_str(" – |"),
            }
        }
        table.push('\n');
    }
    let out = json!({
        "date": cmd("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]),
        "rustc": cmd(&std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()), &["--version"]),
        "machine": { "nproc": cmd("nproc", &[]), "cpu_model": cpu_model() },
        "postgres": meta["postgres"],
        "crates": crate_versions(),
        // orm is a path dependency: the commit of the working tree it was built from.
        "orm_commit": cmd("git", &["-C", env!("CARGO_MANIFEST_DIR"), "describe", "--always", "--dirty"]),
        "settings": meta["settings"],
        "criterion_dir": dir.display().to_string(),
        "note": "ratio = mean / raw mean in the same group of the same run; ratio_ci = the mean's 95% CI / raw mean; \
                 round_trips and statements per operation, counted by a protocol-parsing proxy outside the timed runs",
        "results": results,
        "round_trips_detail": meta["round_trips"],
    });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").expect("write results.json");
    eprintln!("wrote {}", path.display());
    table
}
