//! The in-process server against orm and tokio-postgres: what works on it and what
//! does not. Each test starts a server of its own in a scratch directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use tokio_postgres::{AsyncMessage, Client, NoTls};

use super::{InProcessServer, MAX_CONNECTIONS};
use crate::{Db, Error, Executor, sql};

/// A data directory under the system's temporary directory, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> ScratchDir {
        ScratchDir(std::env::temp_dir().join(format!("orm-in-process-{}", uuid::Uuid::new_v4().simple())))
    }
}

impl std::ops::Deref for ScratchDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn start(dir: &Path) -> InProcessServer {
    InProcessServer::start(dir).unwrap_or_else(|err| panic!("{err}"))
}

fn pool(server: &InProcessServer) -> Db {
    Db::builder(&server.url()).max_size(MAX_CONNECTIONS).build().unwrap()
}

async fn connect(url: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}

/// `url` with its database replaced by `database`.
fn on_database(url: &str, database: &str) -> String {
    let (server, _) = url.rsplit_once('/').unwrap();
    format!("{server}/{database}")
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_written_through_orm_are_there_after_a_restart() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    assert!(server.url().starts_with("postgres://postgres@127.0.0.1:"), "{}", server.url());
    assert!(server.url().ends_with("/postgres"), "{}", server.url());
    let db = pool(&server);
    sql!("CREATE TABLE notes (id int4 PRIMARY KEY, body text NOT NULL)").execute(&db).await.unwrap();
    for (id, body) in [(1_i32, "one"), (2, "two"), (3, "three")] {
        assert_eq!(sql!("INSERT INTO notes VALUES ({}, {})", id, body).execute(&db).await.unwrap(), 1);
    }
    let later: Vec<(i32, String)> =
        sql!("SELECT id, body FROM notes WHERE id >= {} ORDER BY id", 2_i32).fetch_all(&db).await.unwrap();
    assert_eq!(later, [(2, "two".to_owned()), (3, "three".to_owned())]);

    // One statement prepared once, run with each parameter.
    let client = db.pool().get().await.unwrap();
    let by_id = client.prepare("SELECT body FROM notes WHERE id = $1").await.unwrap();
    let mut bodies = Vec::new();
    for id in [3_i32, 1, 2] {
        bodies.push(client.query_one(&by_id, &[&id]).await.unwrap().get::<_, String>(0));
    }
    assert_eq!(bodies, ["three", "one", "two"]);
    drop(client);
    drop(db);
    drop(server);

    let server = start(&dir);
    let db = pool(&server);
    let all: Vec<(i32, String)> =
        sql!("SELECT id, body FROM notes ORDER BY id").fetch_all(&db).await.unwrap();
    assert_eq!(all, [(1, "one".to_owned()), (2, "two".to_owned()), (3, "three".to_owned())]);
    let version: String = sql!("SELECT version()").fetch_one(&db).await.unwrap();
    assert!(version.starts_with("PostgreSQL 17"), "{version}");
}

/// What the test support does for each test: a database of its own, made from
/// `template0`, then dropped with its connections.
#[tokio::test(flavor = "multi_thread")]
async fn create_database_makes_a_database_to_connect_to() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    let admin = connect(&server.url()).await;
    admin.batch_execute("CREATE DATABASE orm_test_other TEMPLATE template0").await.unwrap();
    drop(admin);

    let db =
        Db::builder(&on_database(&server.url(), "orm_test_other")).max_size(MAX_CONNECTIONS).build().unwrap();
    db.batch_execute("CREATE TABLE t (a int4); INSERT INTO t VALUES (7)").await.unwrap();
    let found: (String, i32) =
        sql!("SELECT current_database()::text, a FROM t").fetch_one(&db).await.unwrap();
    assert_eq!(found, ("orm_test_other".to_owned(), 7));
    db.pool().close();
    drop(db);

    let admin = connect(&server.url()).await;
    admin.batch_execute("DROP DATABASE IF EXISTS orm_test_other WITH (FORCE)").await.unwrap();
    let left = admin.query("SELECT 1 FROM pg_database WHERE datname = 'orm_test_other'", &[]).await.unwrap();
    assert!(left.is_empty());
}

/// The server serves one connection at a time: the others are not refused, they are
/// served once the connection before them closes.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_connection_is_served_when_the_first_closes() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    let first = connect(&server.url()).await;
    let first_closed = Arc::new(AtomicBool::new(false));
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            let (url, first_closed) = (server.url(), first_closed.clone());
            tokio::spawn(async move {
                let client = connect(&url).await;
                let served_after_close = first_closed.load(Ordering::SeqCst);
                client.simple_query("SELECT 1").await.unwrap();
                served_after_close
            })
        })
        .collect();
    // The first connection keeps being served while the others wait.
    first.simple_query("SELECT pg_sleep(0.5)").await.unwrap();
    first_closed.store(true, Ordering::SeqCst);
    drop(first);
    for waiter in waiting {
        assert!(waiter.await.unwrap(), "a second connection was served while the first was open");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn listen_advisory_locks_and_sleep_work_in_the_session() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    let (client, mut connection) = tokio_postgres::connect(&server.url(), NoTls).await.unwrap();
    let (notified, mut notifications) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(|cx| connection.poll_message(cx));
        while let Some(Ok(message)) = messages.next().await {
            if let AsyncMessage::Notification(note) = message {
                let _ = notified.send(note.payload().to_owned());
            }
        }
    });
    client.batch_execute("LISTEN orm_events; NOTIFY orm_events, 'hello'").await.unwrap();
    assert_eq!(notifications.recv().await.as_deref(), Some("hello"));

    let taken: bool = client.query_one("SELECT pg_try_advisory_lock(42)", &[]).await.unwrap().get(0);
    assert!(taken);
    client.batch_execute("SELECT pg_advisory_unlock_all(); SELECT pg_sleep(0.1)").await.unwrap();
    drop(client);

    let db = pool(&server);
    let inside: i32 = db
        .with_advisory_lock(42, async |conn| sql!("SELECT {}::int4", 1_i32).fetch_one(conn).await)
        .await
        .unwrap();
    assert_eq!(inside, 1);
}

/// What does not work: nothing interrupts a running statement. A real server ends
/// both statements below with SQLSTATE 57014 (query_canceled).
#[tokio::test(flavor = "multi_thread")]
async fn statement_timeout_and_cancel_requests_do_not_interrupt_a_statement() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    let client = connect(&server.url()).await;
    client.batch_execute("SET statement_timeout = '50ms'").await.unwrap();
    client.simple_query("SELECT pg_sleep(0.3)").await.unwrap();
    client.batch_execute("RESET statement_timeout").await.unwrap();

    let cancel = client.cancel_token();
    let sleeping = tokio::spawn(async move { client.simple_query("SELECT pg_sleep(0.5)").await.map(drop) });
    tokio::time::sleep(Duration::from_millis(100)).await;
    cancel.cancel_query(NoTls).await.unwrap();
    sleeping.await.unwrap().unwrap();
}

/// A call's `.timeout(..)` still ends the call, and the pool then serves the next one
/// (once the server has finished the statement it could not interrupt).
#[tokio::test(flavor = "multi_thread")]
async fn a_call_timeout_ends_the_call_and_the_pool_goes_on() {
    let dir = ScratchDir::new();
    let server = start(&dir);
    let db = pool(&server);
    let timed_out = sql!("SELECT pg_sleep(1)").timeout(Duration::from_millis(100)).execute(&db).await;
    assert!(matches!(timed_out, Err(Error::Timeout { .. })), "{timed_out:?}");
    let next: i32 = sql!("SELECT {}::int4", 2_i32).fetch_one(&db).await.unwrap();
    assert_eq!(next, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_data_directory_in_use_is_refused_in_one_line() {
    let dir = ScratchDir::new();
    let _server = start(&dir);
    let Err(err) = InProcessServer::start(&dir) else {
        panic!("two servers opened one data directory");
    };
    assert!(err.contains("already in use") && err.contains("use another directory"), "{err}");
    assert!(!err.contains('\n'), "{err}");
}
