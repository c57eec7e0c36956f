//! Scenario 8: a select in the statement cache, then `ALTER TABLE .. TYPE` from another
//! session. PostgreSQL refuses the cached plan ("cached plan must not change result
//! type"); orm prepares the statement again, once, and the select succeeds.

use orm::prelude::*;
use orm::testing::TestDb;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "cities")]
pub struct City {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(20))]
    pub name: String,
}

async fn cities_db() -> TestDb {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![City])).await;
    City::insert(NewCity { name: "Lisbon".into() }).execute(db.db()).await.unwrap();
    db
}

async fn names(db: &impl Executor) -> orm::Result<Vec<String>> {
    City::select().columns(City::NAME).order_by(City::ID).all(db).await
}

#[tokio::test]
async fn a_cached_select_survives_a_column_type_change() {
    let test_db = cities_db().await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    assert_eq!(names(&db).await.unwrap(), ["Lisbon"], "the select is now cached on the one connection");

    test_db.batch_execute("ALTER TABLE cities ALTER COLUMN name TYPE text").await.unwrap();

    assert_eq!(names(&db).await.unwrap(), ["Lisbon"], "prepared again, transparently");
    assert_eq!(names(&db).await.unwrap(), ["Lisbon"], "and cached again");
}

#[tokio::test]
async fn inside_a_transaction_the_stale_plan_is_a_clear_error_and_the_next_transaction_succeeds() {
    let test_db = cities_db().await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    names(&db).await.unwrap();
    test_db.batch_execute("ALTER TABLE cities ALTER COLUMN name TYPE text").await.unwrap();

    // The failed statement aborted the transaction: it cannot be retried inside it.
    let err = db.transaction(async |tx| names(tx).await).await.unwrap_err();
    assert!(matches!(err, orm::Error::StaleStatement { .. }), "{err:?}");
    assert!(err.to_string().contains("run the transaction again"), "the message says what to do: {err}");
    let again = db.transaction(async |tx| names(tx).await).await.unwrap();
    assert_eq!(again, ["Lisbon"], "the stale statement left the cache");

    // A transaction run with retries runs again by itself.
    test_db.batch_execute("ALTER TABLE cities ALTER COLUMN name TYPE varchar(30)").await.unwrap();
    let retried = db
        .transaction_with_retry(orm::TransactionOptions::default(), 2, async |tx| names(tx).await)
        .await
        .unwrap();
    assert_eq!(retried, ["Lisbon"]);
}
