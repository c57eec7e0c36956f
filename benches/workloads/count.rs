//! Counting the statements and round trips an operation costs, checking that orm and
//! raw give the same results, and rows for the delete workload.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::{Env, ours};

/// Counts `orm.statement` spans.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl Subscriber for Counter {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        if span.metadata().name() == "orm.statement" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// What one operation of a workload costs `orm`: statements (from the `orm.statement`
/// spans) and round trips (counted by a proxy between the connection and the server).
#[derive(Clone, Copy, Debug)]
pub struct Cost {
    pub statements: u64,
    pub round_trips: u64,
}

/// Statements and round trips per operation, by workload: counted, not assumed, on a
/// connection through `TestDb::counting_round_trips` after a warm-up run of each (so
/// every statement is in its cache). W5 is counted at two sizes to show the count
/// does not grow with the rows.
pub async fn per_operation(env: &Env) -> Vec<(&'static str, Cost)> {
    let (builder, trips) = env.test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().expect("a counted pool");
    let conn = &db.connection().await.expect("a counted connection");
    let counter = Counter::default();
    let _guard = tracing::subscriber::set_default(counter.clone());
    let mut costs = Vec::new();
    // Twice: the first run fills the statement cache, the second is counted.
    macro_rules! measure {
        ($name:expr, $run:expr) => {{
            $run.await.unwrap();
            trips.take();
            let before = counter.0.load(Ordering::Relaxed);
            $run.await.unwrap();
            let statements = counter.0.load(Ordering::Relaxed) - before;
            costs.push(($name, Cost { statements, round_trips: trips.take() }));
        }};
    }
    measure!("W1", ours::w1_point(conn, 42));
    measure!("W2", ours::w2_users(conn, 100));
    measure!("W3", ours::w3_wide(conn, 100));
    measure!("W4", ours::w4_join(conn, 10));
    measure!("W5 (10 users)", ours::w5_nested(conn, 10));
    measure!("W5", ours::w5_nested(conn, 100));
    measure!("W9", ours::w9_update(conn, 5000));
    measure!("W10", ours::w10_transaction(conn, 5000));
    costs
}

/// `count` new rows in `notes`, their ids.
pub async fn fresh_note_ids(env: &Env, count: u64) -> Vec<i64> {
    let rows = env
        .raw
        .client
        .query(
            "INSERT INTO notes (name) SELECT 'to delete' FROM generate_series(1::bigint, $1) RETURNING id",
            &[&(count as i64)],
        )
        .await
        .expect("rows to delete");
    rows.iter().map(|r| r.get(0)).collect()
}

/// Each workload gives the same rows through orm as through raw tokio-postgres (and
/// W5 through JSON aggregation): the contenders do the same work.
pub async fn check_agreement(env: &Env) {
    let conn = &env.conn;
    assert_eq!(ours::w1_point(conn, 42).await.unwrap(), env.raw.w1_point(42).await, "W1");
    assert_eq!(ours::w2_users(conn, 100).await.unwrap(), env.raw.w2_users(100).await, "W2");
    assert_eq!(ours::w3_wide(conn, 100).await.unwrap(), env.raw.w3_wide(100).await, "W3");
    assert_eq!(ours::w4_join(conn, 10).await.unwrap(), env.raw.w4_join(10).await, "W4");
    let nested = ours::w5_nested(conn, 100).await.unwrap();
    assert_eq!(nested, env.raw.w5_nested(100).await, "W5");
    assert_eq!(nested, env.raw.w5_nested_json(100).await, "W5 through JSON");
    assert_eq!(
        ours::PreparedPoint::new().run(conn, 42).await.unwrap(),
        env.raw.w1_point(42).await,
        "W1 prepared"
    );
}
