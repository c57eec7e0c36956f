//! Where the client and the server sessions run. On a two-core machine a point select
//! takes about 3× longer when the server session runs on the other core than on the
//! client's (a cross-core wake-up per message, costly in a VM), and the scheduler keeps
//! each session where it first ran: two contenders' sessions can land differently and
//! make one look 3× slower. So the client is pinned to the first core and every server
//! session of the benchmark database to the last, alike for all contenders.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use orm::testing::TestDb;

static WARNED: AtomicBool = AtomicBool::new(false);

/// Pins every thread of this process to the first core.
pub fn pin_client() {
    taskset(&["-a", "-pc", "0", &std::process::id().to_string()]);
}

/// Pins every server session of the benchmark database to the last core (sessions
/// opened later start wherever the server forks them: call this after opening them).
pub async fn pin_sessions(test_db: &TestDb) {
    let pids: Vec<i32> = orm::sql!("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        .fetch_all(test_db.db())
        .await
        .expect("the benchmark's sessions");
    let last = last_core();
    for pid in pids {
        taskset(&["-pc", &last, &pid.to_string()]);
    }
}

/// Pins process `pid` (a connection pooler in front of the server) to the last core,
/// beside the server sessions.
pub fn pin_process(pid: &str) {
    taskset(&["-a", "-pc", &last_core(), pid]);
}

fn last_core() -> String {
    (std::thread::available_parallelism().map_or(1, |n| n.get()) - 1).to_string()
}

/// Runs `taskset`; placement is best effort (it needs the right to move the server's
/// processes), so a failure is reported once and the run goes on.
fn taskset(args: &[&str]) {
    let ok = Command::new("taskset").args(args).output().is_ok_and(|out| out.status.success());
    if !ok && !WARNED.swap(true, Ordering::Relaxed) {
        eprintln!("note: could not pin processes to cores (taskset {args:?}); ratios may be noisier");
    }
}
