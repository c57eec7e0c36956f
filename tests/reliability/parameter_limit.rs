//! Scenario 4: PostgreSQL takes at most 65,535 bind parameters per statement.
//! `insert_many` chunks under the limit by itself; any other statement that would
//! exceed it fails with `Error::TooManyParameters` before anything is sent.

use orm::Error;
use orm::prelude::*;
use orm::testing::TestDb;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "readings")]
pub struct Reading {
    #[column(primary_key, identity)]
    pub id: i64,
    pub sensor: i32,
    pub value: f64,
    pub label: String,
}

async fn readings_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Reading])).await
}

#[tokio::test]
async fn insert_many_past_the_limit_is_chunked_and_stores_every_row() {
    let db = readings_db().await;
    // 3 values per row: 30,000 rows bind 90,000 values, more than one statement takes.
    let rows = 30_000;
    let new = (0..rows).map(|i| NewReading { sensor: i, value: f64::from(i) / 2.0, label: format!("r{i}") });
    assert_eq!(Reading::insert_many(new).execute(db.db()).await.unwrap(), rows as u64);
    assert_eq!(Reading::select().count(db.db()).await.unwrap(), rows as u64);
    let sum: Option<i64> = Reading::select().columns(sum(Reading::SENSOR)).one(db.db()).await.unwrap();
    assert_eq!(sum, Some((0..i64::from(rows)).sum()), "every row arrived once");
}

#[tokio::test]
async fn any_other_statement_past_the_limit_is_refused_before_it_is_sent() {
    let db = readings_db().await;
    Reading::insert(NewReading { sensor: 1, value: 1.0, label: "kept".into() })
        .execute(db.db())
        .await
        .unwrap();
    let (builder, trips) = db.counting_round_trips().await;
    let counted = builder.max_size(1).connect().await.unwrap();
    let conn = counted.connection().await.unwrap();
    trips.take();

    let mut cond = Reading::SENSOR.eq(-1);
    for i in 0..65_535 {
        cond = cond.or(Reading::SENSOR.eq(i));
    }
    let err = Reading::update().set(Reading::LABEL, "changed").filter(cond).execute(&conn).await.unwrap_err();
    assert!(matches!(err, Error::TooManyParameters { count: 65_537 }), "{err:?}");
    assert!(err.to_string().contains("65535"), "the message names the limit: {err}");
    assert_eq!(trips.take(), 0, "nothing reached the server");

    let labels: Vec<String> = Reading::select().columns(Reading::LABEL).all(&conn).await.unwrap();
    assert_eq!(labels, ["kept"], "the row is unchanged");
}
