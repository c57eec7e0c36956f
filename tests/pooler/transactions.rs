//! Transactions through PgBouncer: one server session for their length, savepoints that
//! commit and roll back, rollback on `Err`, isolation options.

use orm::prelude::*;
use orm::{Error, Isolation, TransactionOptions};

use crate::schema::*;
use crate::support::Bounced;

async fn emails(db: &Db) -> Vec<String> {
    let members = Member::select().order_by(Member::EMAIL).all(db).await.unwrap();
    members.into_iter().map(|m| m.email).collect()
}

#[tokio::test]
async fn savepoints_commit_and_roll_back_inside_a_committed_transaction() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    for round in 0..2 {
        db.transaction(async |tx| {
            Member::insert(new_member(&format!("outer{round}@x.io"), Some(Role::Admin))).execute(tx).await?;
            let inner: Result<(), Error> = tx
                .transaction(async |sp| {
                    Member::insert(new_member(&format!("undone{round}@x.io"), None)).execute(sp).await?;
                    // Fails (the email is taken): the savepoint recovers the transaction.
                    Member::insert(new_member(&format!("outer{round}@x.io"), None)).execute(sp).await?;
                    Ok(())
                })
                .await;
            assert!(matches!(inner, Err(Error::UniqueViolation { .. })), "{inner:?}");
            tx.transaction(async |sp| {
                Member::insert(new_member(&format!("kept{round}@x.io"), Some(Role::Guest))).execute(sp).await
            })
            .await?;
            assert_eq!(Member::select().count(tx).await?, 2 * (round as u64 + 1));
            Ok::<_, Error>(())
        })
        .await
        .unwrap();
    }
    assert_eq!(emails(db).await, ["kept0@x.io", "kept1@x.io", "outer0@x.io", "outer1@x.io"]);
}

#[tokio::test]
async fn a_transaction_that_returns_err_leaves_nothing() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    let outcome: Result<(), Error> = db
        .transaction(async |tx| {
            Member::insert(new_member("gone@x.io", Some(Role::Guest))).execute(tx).await?;
            tx.transaction(async |sp| Member::insert(new_member("gone too@x.io", None)).execute(sp).await)
                .await?;
            Err(Error::NotFound)
        })
        .await;
    assert!(matches!(outcome, Err(Error::NotFound)), "{outcome:?}");
    assert!(emails(db).await.is_empty());
    // A failing statement aborts the transaction, which is rolled back; the pool goes on.
    Member::insert(new_member("taken@x.io", None)).execute(db).await.unwrap();
    let outcome = db
        .transaction(async |tx| {
            Member::insert(new_member("fresh@x.io", None)).execute(tx).await?;
            Member::insert(new_member("taken@x.io", None)).execute(tx).await
        })
        .await;
    assert!(matches!(outcome, Err(Error::UniqueViolation { .. })), "{outcome:?}");
    assert_eq!(emails(db).await, ["taken@x.io"]);
}

#[tokio::test]
async fn isolation_options_and_transaction_level_locks_hold_for_the_transaction() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = &bounced.db;
    let read_only = db
        .transaction_with(TransactionOptions::from(Isolation::RepeatableRead).read_only(), async |tx| {
            Member::insert(new_member("nope@x.io", None)).execute(tx).await
        })
        .await;
    assert!(read_only.is_err(), "a read-only transaction refuses writes: {read_only:?}");
    let counted = db
        .transaction_with_retry(Isolation::Serializable, 3, async |tx| {
            // The lock lives as long as the transaction, on its one server session.
            sql!("SELECT pg_advisory_xact_lock({})", 42_i64).execute(tx).await?;
            let held: i64 =
                sql!("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
                    .fetch_one(tx)
                    .await?;
            Ok(held)
        })
        .await
        .unwrap();
    assert_eq!(counted, 1);
}
