//! A per-call timeout on a TLS session: the cancel request travels with the session's
//! own TLS settings (`sslmode=verify-full`), so the server stops the statement and
//! answers it (SQLSTATE 57014), and the session goes back to the pool clean.

use std::time::{Duration, Instant};

use orm::{Error, Executor, sql};

use crate::support::{connect, encrypted, tls};

#[tokio::test]
async fn a_timed_out_statement_over_verify_full_is_cancelled_by_the_server() {
    let cluster = tls();
    let url = cluster.url(
        "postgres",
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", cluster.file("ca.pem")),
    );
    let db = connect(&url).await.expect("verify-full connects");
    assert!(encrypted(&db).await, "the session is encrypted");
    let pid: i32 = sql!("SELECT pg_backend_pid()").fetch_one(&db).await.expect("the backend pid");

    let started = Instant::now();
    let outcome = sql!("SELECT pg_sleep(10)").timeout(Duration::from_millis(200)).execute(&db).await;
    assert!(started.elapsed() < Duration::from_secs(1), "returned after {:?}", started.elapsed());
    // `source: Some(..)` is the server's own 57014: the cancel request reached it. A
    // cancel that could not be sent would end in `source: None` after the grace period.
    assert!(matches!(outcome, Err(Error::Timeout { source: Some(_) })), "{outcome:?}");

    // The same session (a pool of one) answers at once: it was not closed.
    let again: i32 = sql!("SELECT pg_backend_pid()").fetch_one(&db).await.expect("the session is clean");
    assert_eq!(again, pid, "the cancelled session went back to the pool");
    db.batch_execute("SELECT 1").await.expect("and runs statements");
}
