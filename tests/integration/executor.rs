//! The executors: `Db` over its pool (size, timeouts, `from_pool`), a held `Connection`,
//! and the parameter limit checked before anything is sent.

use std::time::Duration;

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

/// A table that exists only as a temporary table of one session.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "scratch")]
pub struct Scratch {
    #[column(primary_key, identity)]
    pub id: i32,
    pub note: String,
}

#[tokio::test]
async fn a_connection_keeps_one_session() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    conn.batch_execute(
        "CREATE TEMP TABLE scratch (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL)",
    )
    .await
    .unwrap();
    Scratch::insert(NewScratch { note: "one".into() }).execute(&conn).await.unwrap();
    let row = Scratch::insert(NewScratch { note: "two".into() }).returning().one(&conn).await.unwrap();
    assert_eq!(row, Scratch { id: 2, note: "two".into() });
    assert_eq!(Scratch::select().count(&conn).await.unwrap(), 2, "every statement ran on the same session");

    let elsewhere = Scratch::select().count(&*db).await.unwrap_err();
    assert!(
        elsewhere.to_string().contains("\"scratch\" does not exist"),
        "other sessions do not see it: {elsewhere}"
    );
}

#[tokio::test]
async fn an_exhausted_pool_times_out_with_a_typed_error() {
    let test_db = blog_db().await;
    let db =
        test_db.builder().max_size(1).wait_timeout(Some(Duration::from_millis(200))).connect().await.unwrap();
    let held = db.connection().await.unwrap();
    let err = User::select().count(&db).await.unwrap_err();
    assert!(matches!(err, Error::PoolTimeout), "{err:?}");
    drop(held);
    assert_eq!(
        User::select().count(&db).await.unwrap(),
        0,
        "the pool serves again once the connection is back"
    );
}

#[tokio::test]
async fn from_pool_wraps_an_application_pool() {
    let test_db = blog_db().await;
    let db = Db::from_pool(test_db.pool().clone());
    insert_user(&db, "a@x.io", "A").await;
    assert_eq!(User::select().count(&*test_db).await.unwrap(), 1, "the same database through either handle");
}

#[tokio::test]
async fn too_many_parameters_are_refused_before_sending() {
    let db = blog_db().await;
    let mut cond = User::SCORE.eq(0);
    for i in 1..70_000 {
        cond = cond.or(User::SCORE.eq(i));
    }
    let err = User::select().filter(cond).all(&*db).await.unwrap_err();
    assert!(matches!(err, Error::TooManyParameters { count: 70_000 }), "{err:?}");
    assert!(err.to_string().contains("65535"), "{err}");
}

#[tokio::test]
async fn connect_reports_an_unreachable_server() {
    let err = Db::builder("postgres://postgres@127.0.0.1:1/postgres")
        .create_timeout(Some(Duration::from_secs(2)))
        .connect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot reach PostgreSQL: error connecting to server"), "{err}");

    // The test server's URL with a database that does not exist.
    let url = orm::testing::database_url();
    let (server, _database) = url.rsplit_once('/').expect("DATABASE_URL names a database");
    let err = Db::connect(&format!("{server}/orm_no_such_database")).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(err.to_string().contains("\"orm_no_such_database\" does not exist"), "{err}");

    let err = Db::connect("not a url at all").await.unwrap_err();
    assert!(matches!(err, Error::InvalidUrl(_)), "{err:?}");
}
