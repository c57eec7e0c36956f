//! The password never reaches an error, a Debug output or a tracing event, whichever
//! way a connection fails.

use std::io::Write;
use std::sync::{Arc, Mutex};

use orm::{Db, Error};

use crate::support::{PASSWORD, connect, plain, tls};

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn failing_connects_trace_nothing_of_the_password() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let wrong = format!("{PASSWORD}-wrong");
    let cluster = tls();
    let attempts = [
        format!("postgres://scramuser:{wrong}@localhost:{}/postgres", cluster.port()),
        format!(
            "postgres://scramuser:{PASSWORD}@localhost:{}/postgres?sslmode=verify-full&sslrootcert=/nowhere",
            cluster.port()
        ),
        format!("postgres://scramuser:{PASSWORD}@127.0.0.1:{}/postgres?sslmode=require", plain().port()),
        format!("postgres://scramuser:{PASSWORD}@127.0.0.1:1/postgres"),
        format!("postgres://scramuser:{PASSWORD}@localhost:{}/postgres?colour=blue", cluster.port()),
    ];
    for url in &attempts {
        let builder = Db::builder(url);
        let builder_debug = format!("{builder:?}");
        assert!(!builder_debug.contains(PASSWORD), "{builder_debug}");
        let err = builder.max_size(1).connect().await.expect_err(url);
        tracing::error!(error = %err, debug = ?err, "connect failed");
        let shown = format!("{err}\n{err:?}");
        assert!(!shown.contains(PASSWORD) && !shown.contains(&wrong), "{shown}");
    }
    // A pool that connects, and a statement that fails on it, are traced too.
    let url = format!("postgres://scramuser:{PASSWORD}@localhost:{}/postgres", cluster.port());
    let db = connect(&url).await.expect("the right password");
    let db_debug = format!("{db:?}");
    let _ = orm::sql!("SELECT no_such_column").fetch_one::<i32, _>(&db).await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("connect failed"), "the subscriber captured the events: {log}");
    assert!(!log.contains(PASSWORD), "{log}");
    assert!(!db_debug.contains(PASSWORD), "{db_debug}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error_without_the_password() {
    let err = connect(&format!("postgres://app:{PASSWORD}@127.0.0.1:1/postgres")).await.expect_err("port 1");
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(PASSWORD));
}
