//! `Db::status` (size, idle, in use, waiting) while connections are held and callers
//! wait, and `Db::ping`.

use std::time::Duration;

use orm::PoolStatus;
use orm::prelude::*;
use orm::testing::TestDb;

use crate::pool_lifetimes::eventually;

/// `(max_size, size, idle, in_use, waiting)`.
fn numbers(status: &PoolStatus) -> (usize, usize, usize, usize, usize) {
    (status.max_size, status.size, status.idle, status.in_use, status.waiting)
}

#[tokio::test]
async fn status_counts_idle_held_and_waiting() {
    let test_db = TestDb::new().await;
    let db = test_db.builder().max_size(2).wait_timeout(Some(Duration::from_secs(10))).build().unwrap();
    assert_eq!(numbers(&db.status()), (2, 0, 0, 0, 0), "nothing opened yet");

    let first = db.connection().await.unwrap();
    let second = db.connection().await.unwrap();
    assert_eq!(numbers(&db.status()), (2, 2, 0, 2, 0));

    let waiter = {
        let db = db.clone();
        tokio::spawn(async move { db.connection().await.map(drop) })
    };
    eventually("the third caller waits", Duration::from_secs(5), || async { db.status().waiting == 1 }).await;
    assert_eq!(numbers(&db.status()), (2, 2, 0, 2, 1));

    drop(first);
    waiter.await.unwrap().expect("the waiter is served once a connection comes back");
    assert_eq!(numbers(&db.status()), (2, 2, 1, 1, 0));
    drop(second);
    assert_eq!(numbers(&db.status()), (2, 2, 2, 0, 0));

    let json = serde_json::to_value(db.status()).unwrap();
    assert_eq!(json, serde_json::json!({"max_size": 2, "size": 2, "idle": 2, "in_use": 0, "waiting": 0}));
}

#[tokio::test]
async fn ping_answers_with_the_round_trip_and_fails_typed_when_nothing_answers() {
    let test_db = TestDb::new().await;
    let round_trip = test_db.ping().await.unwrap();
    assert!(round_trip < Duration::from_secs(5), "{round_trip:?}");
    assert_eq!(test_db.status().in_use, 0, "the connection went back");

    let down = Db::builder("postgres://postgres@127.0.0.1:1/postgres").build().unwrap();
    let err = down.ping().await.unwrap_err();
    assert!(matches!(err, orm::Error::Connection { .. }), "{err:?}");

    let busy = test_db.builder().max_size(1).wait_timeout(Some(Duration::from_millis(100))).build().unwrap();
    let held = busy.connection().await.unwrap();
    assert!(matches!(busy.ping().await.unwrap_err(), orm::Error::PoolTimeout));
    drop(held);
    busy.ping().await.unwrap();
}
