//! A connection looks up custom types during one learning only (the server forgets the
//! driver's lookup statements after it). A type created after that moves the statement
//! to another connection, or fails a transaction with a retryable error.

use orm::prelude::*;
use orm::{Error, Isolation};

use crate::schema::*;
use crate::support::Bounced;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "mood")]
pub enum Mood {
    Happy,
    Sad,
}

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "shade")]
pub enum Shade {
    Light,
    Dark,
}

#[tokio::test]
async fn a_type_created_later_moves_the_statement_or_retries_the_transaction() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = bounced.builder().max_size(1).build().unwrap();
    // The pool's one connection looks up every custom type there is: member_role.
    Member::insert(new_member("ada@x.io", Some(Role::Admin))).execute(&db).await.unwrap();

    bounced
        .direct
        .batch_execute("CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE moods (m mood)")
        .await
        .unwrap();
    // Outside a transaction: the connection cannot look `mood` up; another one does.
    sql!("INSERT INTO moods VALUES ({})", Mood::Happy).execute(&db).await.unwrap();
    let moods: Vec<Mood> = sql!("SELECT m FROM moods").fetch_all(&db).await.unwrap();
    assert_eq!(moods, [Mood::Happy]);

    bounced
        .direct
        .batch_execute("CREATE TYPE shade AS ENUM ('light', 'dark'); CREATE TABLE shades (s shade)")
        .await
        .unwrap();
    // Inside a transaction the first attempt fails (retryably); the second runs on a
    // connection that looks `shade` up.
    let attempts = std::sync::atomic::AtomicU32::new(0);
    let attempts = &attempts;
    db.transaction_with_retry(Isolation::ReadCommitted, 2, async |tx| {
        attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Member::select().count(tx).await?;
        sql!("INSERT INTO shades VALUES ({})", Shade::Dark).execute(tx).await?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 2);
    let shades: Vec<Shade> = sql!("SELECT s FROM shades").fetch_all(&db).await.unwrap();
    assert_eq!(shades, [Shade::Dark]);

    bounced
        .direct
        .batch_execute("CREATE TYPE tone AS ENUM ('light', 'dark'); CREATE TABLE tones (t tone)")
        .await
        .unwrap();
    // A plain transaction is not run again: it fails with the retryable error.
    let err = db
        .transaction(async |tx| {
            sql!("SELECT t::text FROM tones WHERE t = {}::text::tone", "dark").execute(tx).await
        })
        .await;
    assert!(err.is_ok(), "no parameter or column of the new type, no lookup: {err:?}");
    let err = db.transaction(async |tx| sql!("SELECT t FROM tones").execute(tx).await).await.unwrap_err();
    assert!(matches!(err, Error::StaleStatement { .. }), "a column of a type created too late: {err:?}");
    // The connection that met it is closed; the next one looks `tone` up.
    assert_eq!(sql!("SELECT t FROM tones").execute(&db).await.unwrap(), 0);
    assert!(bounced.named_statements_left(2).await.is_empty(), "no named statement outlived its transaction");
}
