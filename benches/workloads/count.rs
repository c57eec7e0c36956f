//! Counting the statements an operation sends (each a round trip once prepared),
//! and rows for the delete workload.

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

/// Statements `orm` sends per operation, by workload: counted, not assumed.
/// (`BEGIN` and `COMMIT` of W10 are not statements here; they add 2 round trips.)
pub async fn statements_per_operation(env: &Env) -> Vec<(&'static str, u64)> {
    let counter = Counter::default();
    let _guard = tracing::subscriber::set_default(counter.clone());
    let conn = &env.conn;
    let mut counts = Vec::new();
    let mut measure = async |name: &'static str, run: std::pin::Pin<Box<dyn Future<Output = ()> + '_>>| {
        let before = counter.0.load(Ordering::Relaxed);
        run.await;
        counts.push((name, counter.0.load(Ordering::Relaxed) - before));
    };
    measure("W1", Box::pin(async { ours::w1_point(conn, 42).await.map(drop).unwrap() })).await;
    measure("W2", Box::pin(async { ours::w2_users(conn, 100).await.map(drop).unwrap() })).await;
    measure("W3", Box::pin(async { ours::w3_wide(conn, 100).await.map(drop).unwrap() })).await;
    measure("W4", Box::pin(async { ours::w4_join(conn, 10).await.map(drop).unwrap() })).await;
    measure("W5", Box::pin(async { ours::w5_nested(conn, 100).await.map(drop).unwrap() })).await;
    measure("W9", Box::pin(async { ours::w9_update(conn, 5000).await.map(drop).unwrap() })).await;
    measure("W10", Box::pin(async { ours::w10_transaction(conn, 5000).await.map(drop).unwrap() })).await;
    counts
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
