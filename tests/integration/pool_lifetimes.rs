//! Connection lifetimes on real sockets: `max_lifetime` (never handed out past it,
//! closed when returned, jittered), `idle_timeout` down to `min_idle`, `min_idle`
//! warming connections without a query, and the maintenance task's own lifetime.

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use orm::Connection;
use orm::prelude::*;
use orm::testing::TestDb;

/// Polls `check` every 20 ms until it holds; panics naming `what` after `within`.
pub async fn eventually<F: Future<Output = bool>>(
    what: &str,
    within: Duration,
    mut check: impl FnMut() -> F,
) {
    let deadline = Instant::now() + within;
    while !check().await {
        assert!(Instant::now() < deadline, "not within {within:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The backend pids of the sessions named `application_name` on `observer`'s database.
pub async fn sessions_named(observer: &Db, application_name: &str) -> Vec<i32> {
    sql!(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = {} ORDER BY pid",
        application_name.to_owned()
    )
    .fetch_all(observer)
    .await
    .unwrap()
}

/// The current session's backend pid, and how long ago the server started it.
async fn backend_pid_and_age(db: &Db) -> (i32, Duration) {
    let (pid, age_ms): (i32, f64) = sql!(
        "SELECT pid, (extract(epoch FROM clock_timestamp() - backend_start) * 1000)::float8 \
         FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    )
    .fetch_one(db)
    .await
    .unwrap();
    (pid, Duration::from_secs_f64(age_ms / 1000.0))
}

#[tokio::test]
async fn no_connection_is_handed_out_past_max_lifetime() {
    let test_db = TestDb::new().await;
    let lifetime = Duration::from_millis(600);
    let db = test_db.builder().max_size(1).max_lifetime(lifetime).build().unwrap();
    let mut pids = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(2500) {
        let (pid, age) = backend_pid_and_age(&db).await;
        // The server's clock starts before the handshake the client's does, and a loaded
        // machine delays the query that reads the age: some slack, far below the 2.5 s a
        // session kept past its lifetime would reach.
        assert!(age < lifetime + Duration::from_millis(500), "session {pid} handed out at age {age:?}");
        if pids.last() != Some(&pid) {
            pids.push(pid);
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    assert!(pids.len() >= 3, "a new session every lifetime: {pids:?}");
}

#[tokio::test]
async fn a_connection_past_max_lifetime_is_closed_when_it_comes_back() {
    let test_db = TestDb::new().await;
    let db = test_db.builder().max_size(2).max_lifetime(Duration::from_millis(400)).build().unwrap();

    // A held connection, dropped after its lifetime.
    let conn = db.connection().await.unwrap();
    let pid: i32 = sql!("SELECT pg_backend_pid()").fetch_one(&conn).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(conn);
    assert_eq!(db.status().size, 0, "closed on its way back");
    eventually("the server ends the session", Duration::from_secs(5), || async {
        !sessions_named(&test_db, &program_name()).await.contains(&pid)
    })
    .await;

    // A statement on the pool that ends past the connection's lifetime.
    sql!("SELECT pg_sleep(0.5)").execute(&db).await.unwrap();
    assert_eq!(db.status().size, 0, "closed on its way back");

    // A young connection goes back as usual.
    sql!("SELECT 1").execute(&db).await.unwrap();
    assert_eq!((db.status().size, db.status().idle), (1, 1));
}

#[tokio::test]
async fn connections_opened_together_do_not_all_expire_together() {
    let test_db = TestDb::new().await;
    let (count, lifetime) = (16, Duration::from_secs(4));
    let db = test_db.builder().max_size(count).max_lifetime(lifetime).build().unwrap();
    let opening = Instant::now();
    let held: Vec<Connection> =
        join_all((0..count).map(|_| db.connection())).await.into_iter().map(Result::unwrap).collect();
    let opened = opening.elapsed();

    // Each connection's own limit lies in [3.6 s, 4 s]: at 3.8 s of age about half are
    // over it. Ages are taken from the middle of the openings, which a loaded machine
    // spreads out.
    tokio::time::sleep_until((opening + opened / 2 + lifetime.mul_f64(0.95)).into()).await;
    drop(held);
    let kept = db.status().size;
    assert!(
        0 < kept && kept < count,
        "{kept} of {count} connections kept at about 3.8 s of a 4 s lifetime (opening took {opened:?})"
    );
}

#[tokio::test]
async fn idle_timeout_shrinks_the_pool_to_min_idle() {
    let test_db = TestDb::new().await;
    let name = format!("idle-{}", &test_db.name()[9..17]);
    let db = test_db
        .builder()
        .application_name(&name)
        .max_size(4)
        .min_idle(1)
        .idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let held: Vec<Connection> =
        join_all((0..4).map(|_| db.connection())).await.into_iter().map(Result::unwrap).collect();
    drop(held);
    assert_eq!(db.status().idle, 4);

    eventually("the pool shrinks to min_idle", Duration::from_secs(5), || async { db.status().size == 1 })
        .await;
    eventually("the server ends the closed sessions", Duration::from_secs(5), || async {
        sessions_named(&test_db, &name).await.len() == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(db.status().idle, 1, "min_idle stays open past the idle timeout");
}

#[tokio::test]
async fn min_idle_opens_warm_connections_without_a_query() {
    let test_db = TestDb::new().await;
    let name = format!("warm-{}", &test_db.name()[9..17]);
    let db = test_db.builder().application_name(&name).max_size(5).min_idle(3).build().unwrap();
    eventually("three warm connections", Duration::from_secs(5), || async {
        db.status().idle == 3 && sessions_named(&test_db, &name).await.len() == 3
    })
    .await;

    // One ended by the server is replaced.
    let killed = sessions_named(&test_db, &name).await[0];
    let ended: bool = sql!("SELECT pg_terminate_backend({})", killed).fetch_one(&*test_db).await.unwrap();
    assert!(ended);
    eventually("the ended session is replaced", Duration::from_secs(5), || async {
        let pids = sessions_named(&test_db, &name).await;
        pids.len() == 3 && !pids.contains(&killed) && db.status().idle == 3
    })
    .await;

    // Two taken: two more open, as far as max_size allows.
    let held = [db.connection().await.unwrap(), db.connection().await.unwrap()];
    eventually("idle ones replace the taken ones", Duration::from_secs(5), || async {
        let status = db.status();
        (status.size, status.idle, status.in_use) == (5, 3, 2)
    })
    .await;
    drop(held);
}

#[tokio::test]
async fn the_maintenance_task_runs_only_when_asked_and_ends_with_the_last_db() {
    let test_db = TestDb::new().await;
    let alive_tasks = || tokio::runtime::Handle::current().metrics().num_alive_tasks();
    let before = alive_tasks();
    let plain = test_db.builder().build().unwrap();
    assert_eq!(alive_tasks(), before, "no task without lifetimes");
    drop(plain);

    let name = format!("task-{}", &test_db.name()[9..17]);
    let db = test_db.builder().application_name(&name).min_idle(2).build().unwrap();
    eventually("two warm connections", Duration::from_secs(5), || async {
        sessions_named(&test_db, &name).await.len() == 2
    })
    .await;
    let clone = db.clone();
    drop(db);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(sessions_named(&test_db, &name).await.len(), 2, "a clone keeps the pool and its task");

    drop(clone);
    eventually("the task ends and the connections close", Duration::from_secs(5), || async {
        sessions_named(&test_db, &name).await.is_empty() && alive_tasks() == before
    })
    .await;
}

/// The default `application_name`: this test binary's file name.
pub fn program_name() -> String {
    std::env::current_exe().unwrap().file_stem().unwrap().to_string_lossy().into_owned()
}
