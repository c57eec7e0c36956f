//! What `DbBuilder` sets on every connection it opens: server timeouts sent as startup
//! options (visible through `SHOW`, at no round trip), `application_name` (the
//! program's name by default), `connect_timeout` and TCP keepalives.

use std::time::{Duration, Instant};

use orm::DbBuilder;
use orm::prelude::*;
use orm::testing::TestDb;
use tokio_postgres::error::SqlState;

/// `SHOW name` on `db`.
async fn show(db: &impl Executor, name: &str) -> String {
    let sql = match name {
        "statement_timeout" => sql!("SHOW statement_timeout"),
        "lock_timeout" => sql!("SHOW lock_timeout"),
        "idle_in_transaction_session_timeout" => sql!("SHOW idle_in_transaction_session_timeout"),
        "search_path" => sql!("SHOW search_path"),
        other => panic!("no SHOW for {other}"),
    };
    sql.fetch_one(db).await.unwrap()
}

/// `application_name` of the session running this statement, as the server lists it.
async fn listed_application_name(db: &impl Executor) -> String {
    sql!("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        .fetch_one(db)
        .await
        .unwrap()
}

/// The SQLSTATE of a server-side timeout: `Error::Timeout` carrying the server's error.
fn timeout_sqlstate(err: &orm::Error) -> Option<SqlState> {
    match err {
        orm::Error::Timeout { source: Some(source) } => {
            source.downcast_ref::<tokio_postgres::Error>().and_then(|source| source.code().cloned())
        }
        other => panic!("expected Error::Timeout with the server's error, got {other:?}"),
    }
}

#[tokio::test]
async fn server_timeouts_are_set_on_every_pooled_connection() {
    let test_db = TestDb::new().await;
    let db = test_db
        .builder()
        .max_size(3)
        .statement_timeout(Duration::from_secs(30))
        .lock_timeout(Duration::from_secs(5))
        .idle_in_transaction_session_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    // Three held at once: three different sessions.
    let held =
        [db.connection().await.unwrap(), db.connection().await.unwrap(), db.connection().await.unwrap()];
    let mut pids = Vec::new();
    for conn in &held {
        assert_eq!(show(conn, "statement_timeout").await, "30s");
        assert_eq!(show(conn, "lock_timeout").await, "5s");
        assert_eq!(show(conn, "idle_in_transaction_session_timeout").await, "1min");
        pids.push(sql!("SELECT pg_backend_pid()").fetch_one::<i32, _>(conn).await.unwrap());
    }
    pids.dedup();
    assert_eq!(pids.len(), 3, "three sessions: {pids:?}");
}

#[tokio::test]
async fn server_timeouts_cost_no_round_trip() {
    let test_db = TestDb::new().await;
    // What opening a connection and one SHOW costs without the settings, and with them.
    let mut trips_taken = Vec::new();
    for with_settings in [false, true] {
        let (builder, trips) = test_db.counting_round_trips().await;
        let builder = match with_settings {
            false => builder,
            true => builder
                .statement_timeout(Duration::from_millis(1500))
                .lock_timeout(Duration::from_millis(250))
                .idle_in_transaction_session_timeout(Duration::from_secs(60)),
        };
        let db = builder.max_size(1).build().unwrap();
        trips.take();
        let conn = db.connection().await.unwrap();
        let shown = show(&conn, "statement_timeout").await;
        trips_taken.push(trips.take());
        assert_eq!(shown, if with_settings { "1500ms" } else { "0" });
    }
    assert_eq!(trips_taken[0], trips_taken[1], "the settings travel in the startup packet");
}

#[tokio::test]
async fn server_timeouts_come_after_the_options_of_the_url() {
    let test_db = TestDb::new().await;
    let mut config = test_db.config();
    config.options("-c search_path=elsewhere -c statement_timeout=1");
    let db = DbBuilder::from_config(config).statement_timeout(Duration::from_secs(2)).build().unwrap();
    assert_eq!(show(&db, "search_path").await, "elsewhere", "the URL's options are kept");
    assert_eq!(show(&db, "statement_timeout").await, "2s", "the builder's setting comes last, so it wins");
}

#[tokio::test]
async fn a_statement_past_statement_timeout_is_cancelled_by_the_server() {
    let test_db = TestDb::new().await;
    let db = test_db.builder().statement_timeout(Duration::from_millis(200)).build().unwrap();
    let started = Instant::now();
    let err = sql!("SELECT pg_sleep(10)").execute(&db).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "cancelled after {:?}", started.elapsed());
    assert_eq!(timeout_sqlstate(&err), Some(SqlState::QUERY_CANCELED), "{err}");
    assert_eq!(sql!("SELECT 1").fetch_one::<i32, _>(&db).await.unwrap(), 1, "the pool goes on");
}

#[tokio::test]
async fn a_statement_waiting_past_lock_timeout_fails() {
    let test_db = TestDb::with_schema("CREATE TABLE jobs (id int)").await;
    let db = test_db.builder().lock_timeout(Duration::from_millis(200)).build().unwrap();
    let holder = db.connection().await.unwrap();
    holder.batch_execute("BEGIN; LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE").await.unwrap();

    let started = Instant::now();
    let err = sql!("SELECT count(*) FROM jobs").fetch_one::<i64, _>(&db).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "gave up after {:?}", started.elapsed());
    assert_eq!(timeout_sqlstate(&err), Some(SqlState::LOCK_NOT_AVAILABLE), "{err}");
    holder.batch_execute("ROLLBACK").await.unwrap();
}

#[tokio::test]
async fn application_name_is_the_programs_unless_named() {
    let test_db = TestDb::new().await;
    let program = std::env::current_exe().unwrap().file_stem().unwrap().to_string_lossy().into_owned();
    let db = test_db.builder().build().unwrap();
    assert_eq!(listed_application_name(&db).await, program, "the test binary's name by default");

    let db = test_db.builder().application_name("orders-api").build().unwrap();
    assert_eq!(listed_application_name(&db).await, "orders-api");

    let mut config = test_db.config();
    config.application_name("from-url");
    let db = DbBuilder::from_config(config.clone()).build().unwrap();
    assert_eq!(listed_application_name(&db).await, "from-url", "the URL's name is kept");
    let db = DbBuilder::from_config(config).application_name("from-code").build().unwrap();
    assert_eq!(listed_application_name(&db).await, "from-code", "the builder's name wins");
}

#[tokio::test]
async fn connect_timeout_gives_up_on_a_server_that_does_not_answer() {
    // A listener that never accepts, its backlog full: the kernel drops further SYNs,
    // as a firewall that drops packets does, so connecting hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..4 {
        let connect = tokio::net::TcpStream::connect(addr);
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(200), connect).await {
            queued.push(stream);
        }
    }

    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", addr.port());
    let db =
        Db::builder(&url).connect_timeout(Duration::from_millis(300)).create_timeout(None).build().unwrap();
    let started = Instant::now();
    let err = tokio::time::timeout(Duration::from_secs(10), db.ping())
        .await
        .expect("connect_timeout ends the attempt, not this test's own limit")
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "gave up after {:?}", started.elapsed());
    assert!(matches!(err, orm::Error::Connection { .. }), "{err:?}");
    drop((listener, queued));
}

#[tokio::test]
async fn a_server_that_never_answers_the_startup_fails_naming_create_timeout() {
    // Accepts connections and never says a word: the TCP connect succeeds, the
    // PostgreSQL handshake never ends.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable");
    let db = Db::builder(&url).create_timeout(Some(Duration::from_millis(300))).build().unwrap();
    let err = tokio::time::timeout(Duration::from_secs(10), db.ping())
        .await
        .expect("create_timeout ends the attempt")
        .unwrap_err();
    assert!(matches!(err, orm::Error::Connection { .. }), "{err:?}");
    assert!(err.to_string().contains("DbBuilder::create_timeout"), "names the setting: {err}");
    silent.abort();
}

/// The keepalive timer of the local TCP socket on `port`, in seconds, from
/// `/proc/net/tcp`: `None` when no keepalive timer runs on it.
#[cfg(target_os = "linux")]
fn keepalive_timer_seconds(port: u16) -> Option<f64> {
    let table = std::fs::read_to_string("/proc/net/tcp").expect("this test reads Linux's /proc/net/tcp");
    let local = format!(":{port:04X}");
    let line = table
        .lines()
        .skip(1)
        .find(|line| line.split_whitespace().nth(1).is_some_and(|address| address.ends_with(&local)))?;
    // `tr:tm->when`: timer kind 2 is the keepalive timer; `when` is in clock ticks (USER_HZ, 100 a second).
    let (kind, when) = line.split_whitespace().nth(5)?.split_once(':')?;
    (kind == "02").then(|| u64::from_str_radix(when, 16).ok().map(|ticks| ticks as f64 / 100.0))?
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn keepalives_idle_sets_the_sockets_keepalive_timer() {
    let test_db = TestDb::new().await;
    for (idle, longest) in [(Some(Duration::from_secs(7)), 7.0), (None, 7200.0)] {
        let builder = test_db.builder();
        let builder = match idle {
            Some(idle) => builder.keepalives_idle(idle).keepalives_interval(Duration::from_secs(3)),
            None => builder,
        };
        let db = builder.max_size(1).build().unwrap();
        // The client's port, as the server saw it (the connection is over loopback).
        let port: i32 = sql!("SELECT client_port FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            .fetch_one(&db)
            .await
            .unwrap();
        let timer = keepalive_timer_seconds(port as u16).expect("keepalives are on");
        assert!(timer <= longest && timer > longest - 5.0, "{idle:?}: the timer fires in {timer} s");
    }
}
