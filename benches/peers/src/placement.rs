//! Where the client and the server sessions run. On a two-core machine a point select
//! takes about 3× longer when a session's server process runs on the other core than on
//! the client's, and the scheduler keeps each process where it first ran: contenders'
//! sessions landing on different cores would make one look 3× slower than another. So
//! the bench pins itself to the first core and every session of the bench database to
//! the last, alike for all contenders (best effort: moving the server's processes
//! needs the right to; without it the figures are noisier, and the run says so).

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::setup::Helper;

static WARNED: AtomicBool = AtomicBool::new(false);

/// Pins every thread of this process to the first core.
pub fn pin_client() {
    taskset(&["-a", "-pc", "0", &std::process::id().to_string()]);
}

/// Pins every current server session of the bench database to the last core.
pub async fn pin_sessions(helper: &Helper) {
    let last = (std::thread::available_parallelism().map_or(1, |n| n.get()) - 1).to_string();
    for pid in helper.session_pids().await {
        taskset(&["-pc", &last, &pid.to_string()]);
    }
}

fn taskset(args: &[&str]) {
    let ok = Command::new("taskset").args(args).output().is_ok_and(|out| out.status.success());
    if !ok && !WARNED.swap(true, Ordering::Relaxed) {
        eprintln!("note: could not pin processes to cores (taskset {args:?}); ratios may be noisier");
    }
}
