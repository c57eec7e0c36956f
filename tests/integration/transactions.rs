//! Transactions: commit on Ok, rollback on Err, panic and drop; savepoints when
//! nested; options; the retry helper.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use orm::prelude::*;
use orm::{Error, Isolation, TransactionOptions};

use crate::schema::*;

fn tag(label: &str) -> NewTag {
    NewTag { label: label.to_owned(), uses: None }
}

async fn labels(db: &Db) -> Vec<String> {
    Tag::select().columns(Tag::LABEL).order_by(Tag::LABEL).all(db).await.unwrap()
}

/// Sessions on this test's database sitting inside a transaction.
async fn idle_in_transaction(db: &Db) -> i64 {
    sql!("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn ok_commits_and_err_rolls_back() {
    let db = blog_db().await;
    let id = db
        .transaction(async |tx| {
            Tag::insert(tag("kept")).execute(tx).await?;
            Tag::select().columns(Tag::ID).one(tx).await
        })
        .await
        .unwrap();
    assert!(id > 0);
    let outcome: Result<(), Error> = db
        .transaction(async |tx| {
            Tag::insert(tag("undone")).execute(tx).await?;
            assert_eq!(Tag::select().count(tx).await?, 2, "the transaction sees its own insert");
            Err(Error::NotFound)
        })
        .await;
    assert!(matches!(outcome, Err(Error::NotFound)), "the closure's error comes back");
    assert_eq!(labels(&db).await, ["kept"]);
}

/// An application's own error type works too, as long as it converts from `orm::Error`.
#[derive(Debug)]
enum AppError {
    Db(Error),
    Refused(&'static str),
}

impl From<Error> for AppError {
    fn from(err: Error) -> Self {
        AppError::Db(err)
    }
}

#[tokio::test]
async fn the_closure_may_return_the_applications_error_type() {
    let db = blog_db().await;
    let outcome = db
        .transaction(async |tx| {
            Tag::insert(tag("a")).execute(tx).await?;
            Err::<(), _>(AppError::Refused("business rule"))
        })
        .await;
    assert!(matches!(outcome, Err(AppError::Refused("business rule"))), "{outcome:?}");
    let outcome =
        db.transaction(async |tx| Tag::insert(tag("a")).execute(tx).await.map_err(AppError::from)).await;
    assert!(matches!(outcome, Ok(1)));
    let outcome =
        db.transaction(async |tx| Tag::insert(tag("a")).execute(tx).await.map_err(AppError::from)).await;
    let Err(AppError::Db(err)) = outcome else { panic!("{outcome:?}") };
    assert!(
        matches!(err, Error::UniqueViolation { .. }),
        "orm's errors arrive inside the application's type"
    );
}

#[tokio::test]
async fn a_panic_inside_the_closure_commits_nothing_and_leaves_no_open_session() {
    let db = blog_db().await;
    let pool = db.db().clone();
    let task = tokio::spawn(async move {
        pool.transaction(async |tx| {
            Tag::insert(tag("before the panic")).execute(tx).await?;
            if Tag::select().count(tx).await? == 1 {
                panic!("the application's bug");
            }
            Ok::<_, Error>(())
        })
        .await
    });
    let joined = task.await;
    assert!(joined.unwrap_err().is_panic());

    for i in 0..10 {
        Tag::insert(tag(&format!("after {i}"))).execute(&*db).await.unwrap();
    }
    assert_eq!(Tag::select().count(&*db).await.unwrap(), 10, "nothing from the panicked transaction");
    // Asked from a pool of its own, so the asking session cannot be a leaked one.
    let observer = db.builder().max_size(1).connect().await.unwrap();
    assert_eq!(idle_in_transaction(&observer).await, 0, "no session left idle in transaction");
}

#[tokio::test]
async fn a_failing_nested_transaction_undoes_only_its_own_work() {
    let db = blog_db().await;
    db.transaction(async |tx| {
        Tag::insert(tag("outer before")).execute(tx).await?;
        let inner: Result<(), Error> = tx
            .transaction(async |sp| {
                Tag::insert(tag("inner, undone")).execute(sp).await?;
                // A failing statement: the savepoint also recovers the aborted transaction.
                Tag::insert(tag("outer before")).execute(sp).await?;
                Ok(())
            })
            .await;
        assert!(matches!(inner, Err(Error::UniqueViolation { .. })), "{inner:?}");
        tx.transaction(async |sp| {
            Tag::insert(tag("inner, kept")).execute(sp).await?;
            sp.transaction(async |deeper| Tag::insert(tag("deepest")).execute(deeper).await).await?;
            Ok::<_, Error>(())
        })
        .await?;
        Tag::insert(tag("outer after")).execute(tx).await?;
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    assert_eq!(labels(&db).await, ["deepest", "inner, kept", "outer after", "outer before"]);
}

#[tokio::test]
async fn a_failing_outer_transaction_undoes_its_committed_savepoints() {
    let db = blog_db().await;
    let outcome = db
        .transaction(async |tx| {
            tx.transaction(async |sp| Tag::insert(tag("inner")).execute(sp).await).await?;
            Err::<(), _>(Error::NotFound)
        })
        .await;
    assert!(outcome.is_err());
    assert!(labels(&db).await.is_empty());
}

#[tokio::test]
async fn options_set_isolation_read_only_and_deferrable() {
    let db = blog_db().await;
    let options = TransactionOptions::from(Isolation::Serializable).read_only().deferrable();
    let seen: (String, String, String) = db
        .transaction_with(options, async |tx| {
            sql!("SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only'), current_setting('transaction_deferrable')")
                .fetch_one(tx)
                .await
        })
        .await
        .unwrap();
    assert_eq!(seen, ("serializable".into(), "on".into(), "on".into()));

    let err = db
        .transaction_with(TransactionOptions::new().read_only(), async |tx| {
            Tag::insert(tag("x")).execute(tx).await
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("read-only transaction"), "{err}");

    for (isolation, name) in
        [(Isolation::ReadCommitted, "read committed"), (Isolation::RepeatableRead, "repeatable read")]
    {
        let level: String = db
            .transaction_with(isolation, async |tx| {
                sql!("SELECT current_setting('transaction_isolation')").fetch_one(tx).await
            })
            .await
            .unwrap();
        assert_eq!(level, name);
    }

    let err = db
        .transaction(async |tx| {
            tx.transaction_with(Isolation::Serializable, async |_| Ok::<_, Error>(())).await
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NestedTransactionOptions), "{err:?}");
}

#[tokio::test]
async fn two_concurrent_serializable_increments_end_exactly_plus_two_through_retry() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let attempts = Arc::new(AtomicU32::new(0));
    // Both first attempts read before either writes, so one of them must fail to serialize.
    let both_read = Arc::new(tokio::sync::Barrier::new(2));
    let increment = || {
        let (db, attempts, both_read) = (db.db().clone(), attempts.clone(), both_read.clone());
        async move {
            db.transaction_with_retry(Isolation::Serializable, 5, async |tx| {
                let attempt = attempts.fetch_add(1, Ordering::SeqCst) + 1;
                let score: i32 =
                    User::select().columns(User::SCORE).filter(User::ID.eq(ada.id)).one(tx).await?;
                if attempt <= 2 {
                    both_read.wait().await;
                }
                User::update().set(User::SCORE, score + 1).filter(User::ID.eq(ada.id)).execute(tx).await
            })
            .await
        }
    };
    let (one, two) = tokio::join!(increment(), increment());
    assert_eq!((one.unwrap(), two.unwrap()), (1, 1));
    let score: i32 = User::select().columns(User::SCORE).one(&*db).await.unwrap();
    assert_eq!(score, 2, "both increments landed exactly once");
    assert_eq!(attempts.load(Ordering::SeqCst), 3, "one attempt failed to serialize and was run again");
}

#[tokio::test]
async fn retry_gives_up_after_the_given_attempts() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let attempts = AtomicU32::new(0);
    let err = db
        .transaction_with_retry(Isolation::Serializable, 3, async |tx| {
            attempts.fetch_add(1, Ordering::SeqCst);
            User::select().columns(User::SCORE).filter(User::ID.eq(ada.id)).one(tx).await?;
            User::update().set(User::SCORE, User::SCORE).filter(User::ID.eq(ada.id)).execute(&*db).await?;
            User::update().set(User::SCORE, 9).filter(User::ID.eq(ada.id)).execute(tx).await
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::SerializationFailure { .. }), "{err:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn transactions_on_a_held_connection() {
    let db = blog_db().await;
    let conn = db.connection().await.unwrap();
    conn.transaction(async |tx| Tag::insert(tag("via connection")).execute(tx).await).await.unwrap();
    let err = conn
        .transaction(async |tx| {
            Tag::insert(tag("undone")).execute(tx).await?;
            Err::<(), _>(Error::NotFound)
        })
        .await;
    assert!(err.is_err());
    drop(conn);
    assert_eq!(labels(&db).await, ["via connection"]);
}

#[test]
fn transaction_futures_are_send_with_captured_references() {
    fn assert_send<T: Send>(_: T) {}
    let db: Option<Db> = None;
    let label = String::from("captured by reference");
    let attempts = Arc::new(AtomicU32::new(0));
    if let Some(db) = db {
        assert_send(async {
            db.transaction(async |tx| {
                tx.transaction(async |sp| {
                    Tag::select().filter(Tag::LABEL.eq(label.as_str())).count(sp).await
                })
                .await?;
                Tag::select().count(tx).await
            })
            .await
        });
        assert_send(async {
            db.transaction_with_retry(Isolation::Serializable, 3, async |tx| {
                attempts.fetch_add(1, Ordering::SeqCst);
                Tag::select().filter(Tag::LABEL.eq(label.as_str())).count(tx).await
            })
            .await
        });
    }
}

#[tokio::test]
async fn a_swallowed_statement_error_does_not_commit_silently() {
    let db = blog_db().await;
    Tag::insert(tag("existing")).execute(&*db).await.unwrap();
    let outcome = db
        .transaction(async |tx| {
            Tag::insert(tag("important")).execute(tx).await?;
            // The application ignores a duplicate; PostgreSQL has aborted the transaction.
            let duplicate = Tag::insert(tag("existing")).execute(tx).await;
            assert!(matches!(duplicate, Err(Error::UniqueViolation { .. })));
            Ok::<_, Error>("done")
        })
        .await;
    assert!(matches!(outcome, Err(Error::TransactionAborted)), "{outcome:?}");
    assert_eq!(labels(&db).await, ["existing"], "nothing committed, and the caller knows");

    // The way to carry on after a failing statement: run it in a nested transaction.
    db.transaction(async |tx| {
        Tag::insert(tag("important")).execute(tx).await?;
        let duplicate = tx.transaction(async |sp| Tag::insert(tag("existing")).execute(sp).await).await;
        assert!(matches!(duplicate, Err(Error::UniqueViolation { .. })));
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    assert_eq!(labels(&db).await, ["existing", "important"]);
}

#[tokio::test]
async fn a_statement_dropped_inside_a_transaction_spoils_it() {
    let db = blog_db().await;
    let blocker = db.connection().await.unwrap();
    blocker.batch_execute("BEGIN; INSERT INTO tags (label) VALUES ('contended')").await.unwrap();
    let outcome = db
        .transaction(async |tx| {
            let waited = tokio::time::timeout(
                std::time::Duration::from_millis(200),
                Tag::insert(tag("contended")).execute(tx),
            )
            .await;
            assert!(waited.is_err(), "the insert waits for the blocker");
            blocker.batch_execute("ROLLBACK").await?;
            Tag::insert(tag("after")).execute(tx).await?;
            Ok::<_, Error>(())
        })
        .await;
    assert!(matches!(outcome, Err(Error::TransactionAborted)), "{outcome:?}");
    assert!(labels(&db).await.is_empty(), "neither the dropped insert nor the later one committed");
}

#[tokio::test]
async fn a_transaction_refuses_statements_while_a_nested_one_is_open() {
    let db = blog_db().await;
    db.transaction(async |tx| {
        let inner = tx
            .transaction(async |_sp| {
                // A statement on the outer transaction would land inside this savepoint.
                Tag::insert(tag("on the outer one")).execute(tx).await
            })
            .await;
        assert!(matches!(inner, Err(Error::TransactionBusy)), "{inner:?}");
        let (a, b) = tokio::join!(
            tx.transaction(async |sp| Tag::insert(tag("a")).execute(sp).await),
            tx.transaction(async |sp| Tag::insert(tag("b")).execute(sp).await),
        );
        assert!(a.is_ok() != b.is_ok(), "two nested transactions at once: one is refused: {a:?} {b:?}");
        assert!(matches!(a.as_ref().err().or(b.as_ref().err()), Some(Error::TransactionBusy)));
        Tag::insert(tag("outer")).execute(tx).await?;
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    assert_eq!(labels(&db).await.len(), 2, "the accepted nested insert and the outer one");
}

#[tokio::test]
async fn begin_travels_with_the_first_statement() {
    let test_db = blog_db().await;
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().unwrap();
    let conn = db.connection().await.unwrap();
    let work = async |label: &str| {
        conn.transaction(async |tx| {
            let counted = Tag::select().count(tx).await?;
            Tag::update().set(Tag::USES, counted as i64).all_rows().execute(tx).await?;
            Tag::insert(tag(label)).execute(tx).await
        })
        .await
        .unwrap()
    };
    work("first").await;
    trips.take();
    work("second").await;
    assert_eq!(trips.take(), 4, "BEGIN with the first statement, two more, COMMIT");

    // A transaction that sends nothing costs nothing and leaves nothing open.
    conn.transaction(async |_| Ok::<_, Error>(())).await.unwrap();
    assert_eq!(trips.take(), 0);
    assert!(conn.transaction(async |_| Err::<(), _>(Error::NotFound)).await.is_err());
    assert_eq!(trips.take(), 0);
    assert_eq!(idle_in_transaction(&test_db).await, 0);
}

#[tokio::test]
async fn a_script_first_in_a_transaction_is_inside_it() {
    let db = blog_db().await;
    let outcome = db
        .transaction(async |tx| {
            tx.batch_execute("INSERT INTO tags (label) VALUES ('scripted')").await?;
            let copied = Tag::copy_in([tag("copied")]).execute(tx).await?;
            assert_eq!(copied, 1);
            Err::<(), _>(Error::NotFound)
        })
        .await;
    assert!(matches!(outcome, Err(Error::NotFound)));
    assert!(labels(&db).await.is_empty(), "the script and the copy were rolled back with the transaction");

    let in_block: bool = db
        .transaction(async |tx| sql!("SELECT now() <> statement_timestamp()").fetch_one(tx).await)
        .await
        .unwrap();
    assert!(in_block, "the first statement already ran inside the transaction block");
    assert_eq!(idle_in_transaction(&db).await, 0);
}
