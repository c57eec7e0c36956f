//! Scenario 5: the server restarts (`pg_ctl restart -m fast`) while a pool of 4 runs
//! queries. In-flight calls fail with `Error::Connection`, the pool serves again within
//! 5 seconds, and while the server is down the pool does not spin.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use orm::prelude::*;
use orm::{Db, Error};

use crate::private_server::PrivateServer;

#[derive(Default)]
struct Tally {
    ok: AtomicU64,
    connection_errors: AtomicU64,
    other: std::sync::Mutex<Vec<String>>,
}

/// Callers that each run a short query, then pause `pause`, until `running` is false.
fn callers(
    db: &Db,
    tally: &Arc<Tally>,
    running: &Arc<AtomicBool>,
    pause: Duration,
) -> tokio::task::JoinSet<()> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (db, tally, running) = (db.clone(), tally.clone(), running.clone());
        tasks.spawn(async move {
            while running.load(Ordering::Relaxed) {
                match orm::sql!("SELECT pg_sleep(0.01)").execute(&db).await {
                    Ok(_) => tally.ok.fetch_add(1, Ordering::Relaxed),
                    Err(Error::Connection { .. }) => tally.connection_errors.fetch_add(1, Ordering::Relaxed),
                    Err(other) => {
                        tally.other.lock().unwrap().push(format!("{other:?}"));
                        0
                    }
                };
                tokio::time::sleep(pause).await;
            }
        });
    }
    tasks
}

/// CPU time this thread has used (user + system), from /proc/thread-self/stat: the
/// other tests of this binary run on other threads.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("/proc/thread-self/stat");
    // Fields after the command name (which may hold spaces) start at the last ')'.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_under_load_fails_in_flight_calls_and_the_pool_serves_again() {
    let server = Arc::new(tokio::task::spawn_blocking(PrivateServer::start).await.unwrap());
    let db = Db::builder(&server.url())
        .max_size(4)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(2)))
        .connect()
        .await
        .unwrap();
    let tally = Arc::new(Tally::default());
    let running = Arc::new(AtomicBool::new(true));
    let mut tasks = callers(&db, &tally, &running, Duration::from_millis(2));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = tally.ok.load(Ordering::Relaxed);
    assert!(before > 0, "the load is running");

    let restarting = server.clone();
    tokio::task::spawn_blocking(move || restarting.restart_fast()).await.unwrap();
    let restarted = Instant::now();
    while db.batch_execute("SELECT 1").await.is_err() {
        assert!(restarted.elapsed() < Duration::from_secs(5), "the pool serves again within 5 seconds");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let after_restart = tally.ok.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(300)).await;
    running.store(false, Ordering::Relaxed);
    while tasks.join_next().await.is_some() {}

    assert!(tally.connection_errors.load(Ordering::Relaxed) > 0, "in-flight calls failed");
    assert_eq!(*tally.other.lock().unwrap(), Vec::<String>::new(), "every failure was Error::Connection");
    assert!(tally.ok.load(Ordering::Relaxed) > after_restart, "the callers are served again");
}

// One thread runs the pool and every caller, so that thread's CPU time is theirs.
#[tokio::test(flavor = "current_thread")]
async fn while_the_server_is_down_calls_fail_fast_and_nothing_spins() {
    let server = Arc::new(tokio::task::spawn_blocking(PrivateServer::start).await.unwrap());
    let db = Db::builder(&server.url())
        .max_size(4)
        .create_timeout(Some(Duration::from_secs(2)))
        .connect()
        .await
        .unwrap();
    db.batch_execute("SELECT 1").await.unwrap();
    let stopping = server.clone();
    tokio::task::spawn_blocking(move || stopping.stop()).await.unwrap();

    // A second of outage with 8 callers, each trying every 50 ms.
    let tally = Arc::new(Tally::default());
    let running = Arc::new(AtomicBool::new(true));
    let cpu_before = cpu_time();
    let mut tasks = callers(&db, &tally, &running, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(1)).await;
    running.store(false, Ordering::Relaxed);
    while tasks.join_next().await.is_some() {}
    let cpu = cpu_time() - cpu_before;

    let failed = tally.connection_errors.load(Ordering::Relaxed);
    assert_eq!(*tally.other.lock().unwrap(), Vec::<String>::new(), "every failure was Error::Connection");
    assert!(failed >= 8 * 10, "each call failed promptly instead of hanging: {failed} failures");
    assert!(cpu < Duration::from_millis(500), "no busy loop: {cpu:?} of CPU in a one-second outage");

    let starting = server.clone();
    tokio::task::spawn_blocking(move || starting.start_again()).await.unwrap();
    db.batch_execute("SELECT 1").await.expect("served once the server is back");
}
