//! Scenario 9: a transaction left idle past `idle_in_transaction_session_timeout` is
//! ended by the server. The next statement fails with a clear, typed error, nothing
//! of the transaction is committed, and that connection leaves the pool.

use std::time::Duration;

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "jobs")]
pub struct Job {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
}

async fn backend_pid(db: &impl Executor) -> i32 {
    orm::sql!("SELECT pg_backend_pid()").fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn an_expired_idle_transaction_is_a_connection_error_and_its_connection_is_replaced() {
    let test_db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Job])).await;
    let name = test_db.name().to_owned();
    test_db
        .batch_execute(&format!(
            "ALTER DATABASE \"{name}\" SET idle_in_transaction_session_timeout = '200ms'"
        ))
        .await
        .unwrap();
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    let first_pid = backend_pid(&db).await;

    let err = db
        .transaction(async |tx| {
            Job::insert(NewJob { name: "lost".into() }).execute(tx).await?;
            tokio::time::sleep(Duration::from_millis(600)).await;
            Job::select().count(tx).await
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("idle_in_transaction_session_timeout"),
        "the message names the cause: {message}"
    );

    assert_eq!(Job::select().count(&db).await.unwrap(), 0, "nothing of the transaction was committed");
    assert_ne!(backend_pid(&db).await, first_pid, "the closed connection left the pool");
}
