//! Scenario 6: a pool of 2 with three holders: the third waits its 500 ms and gets
//! `Error::PoolTimeout`, then is served once a connection comes back.

use std::time::{Duration, Instant};

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

#[tokio::test]
async fn a_third_holder_of_a_pool_of_two_times_out_with_a_typed_error() {
    let test_db = TestDb::new().await;
    let wait = Duration::from_millis(500);
    let db = test_db.builder().max_size(2).wait_timeout(Some(wait)).connect().await.unwrap();
    let first = db.connection().await.unwrap();
    let second = db.connection().await.unwrap();

    let started = Instant::now();
    let err = db.connection().await.unwrap_err();
    assert!(matches!(err, Error::PoolTimeout), "{err:?}");
    assert!(started.elapsed() >= wait, "it waited for a connection before giving up");
    let err = db.batch_execute("SELECT 1").await.unwrap_err();
    assert!(matches!(err, Error::PoolTimeout), "a statement on the pool waits and fails alike: {err:?}");

    drop(first);
    db.batch_execute("SELECT 1").await.expect("served once a connection is back");
    drop(second);
}
