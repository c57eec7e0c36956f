//! `Db::with_advisory_lock` / `try_with_advisory_lock`: the lock excludes other
//! sessions while the work runs and is free again on every path out (Ok, Err, panic,
//! cancellation), and a session never goes back to the pool holding it.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

const KEY: i64 = 0x5eed_0000_0001;

/// Advisory locks on this test's database: (granted, waiting).
async fn advisory_locks(db: &Db) -> (i64, i64) {
    let client = db.pool().get().await.unwrap();
    let row = client
        .query_one(
            "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted) FROM pg_locks \
             WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// Polls until `check` holds on the lock counts, or gives up after five seconds (the
/// server needs a moment to notice a closed session).
async fn wait_for_locks(db: &Db, check: impl Fn((i64, i64)) -> bool) -> (i64, i64) {
    for _ in 0..50 {
        let locks = advisory_locks(db).await;
        if check(locks) {
            return locks;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    advisory_locks(db).await
}

/// A task holding the lock until the sender is used; returns once the lock is held.
async fn hold_lock(db: &Db) -> (oneshot::Sender<()>, JoinHandle<Result<(), Error>>) {
    let (release, released) = oneshot::channel::<()>();
    let (entered, inside) = oneshot::channel::<()>();
    let holder = tokio::spawn({
        let db = db.clone();
        async move {
            db.with_advisory_lock(KEY, async |_| {
                entered.send(()).unwrap();
                released.await.unwrap();
                Ok::<_, Error>(())
            })
            .await
        }
    });
    inside.await.unwrap();
    (release, holder)
}

/// Whether another session could take the lock right now.
async fn free(db: &Db) -> bool {
    db.try_with_advisory_lock(KEY, async |_| Ok::<_, Error>(())).await.unwrap().is_some()
}

#[tokio::test]
async fn the_lock_is_held_while_the_work_runs_and_free_after() {
    let db = blog_db().await;
    let (inside, others_got_it) = db
        .with_advisory_lock(KEY, async |conn| {
            insert_user(&db, "lock@example.com", "Lock").await;
            let inside = User::select().count(conn).await?;
            Ok::<_, Error>((inside, free(&db).await))
        })
        .await
        .unwrap();
    assert_eq!(inside, 1, "the work runs on a working session");
    assert!(!others_got_it, "another session could take the lock while the work ran");
    assert_eq!(advisory_locks(&db).await, (0, 0), "the lock outlived the work");
    assert!(free(&db).await);
}

#[tokio::test]
async fn try_returns_none_without_running_the_work_when_the_lock_is_held() {
    let db = blog_db().await;
    let ran = db
        .with_advisory_lock(KEY, async |_| {
            let mut ran = false;
            let outcome = db
                .try_with_advisory_lock(KEY, async |_| {
                    ran = true;
                    Ok::<_, Error>(7)
                })
                .await?;
            Ok::<_, Error>((outcome, ran))
        })
        .await
        .unwrap();
    assert_eq!(ran, (None, false));
    assert_eq!(db.try_with_advisory_lock(KEY, async |_| Ok::<_, Error>(7)).await.unwrap(), Some(7));
    assert_eq!(advisory_locks(&db).await, (0, 0));
}

#[tokio::test]
async fn a_second_caller_waits_until_the_first_releases() {
    let db = blog_db().await;
    let (release, first) = hold_lock(&db).await;
    let second = tokio::spawn({
        let db = db.clone();
        async move { db.with_advisory_lock(KEY, async |_| Ok::<_, Error>("second")).await }
    });
    // The second caller's session is queued behind the first's lock.
    assert_eq!(wait_for_locks(&db, |(_, waiting)| waiting == 1).await, (1, 1));
    assert!(!second.is_finished(), "the second caller ran while the first held the lock");
    release.send(()).unwrap();
    first.await.unwrap().unwrap();
    assert_eq!(second.await.unwrap().unwrap(), "second");
    assert_eq!(advisory_locks(&db).await, (0, 0));
}

#[tokio::test]
async fn an_error_from_the_work_is_returned_and_the_lock_released() {
    let db = blog_db().await;
    let outcome = db
        .with_advisory_lock(KEY, async |conn| {
            User::insert(new_user("same@example.com", "A")).execute(conn).await?;
            User::insert(new_user("same@example.com", "B")).execute(conn).await?;
            Ok::<_, Error>(())
        })
        .await;
    assert!(matches!(outcome, Err(Error::UniqueViolation { .. })), "{outcome:?}");
    assert_eq!(advisory_locks(&db).await, (0, 0));
    assert!(free(&db).await);
}

#[tokio::test]
async fn a_panic_inside_the_work_releases_the_lock_before_it_propagates() {
    let db = blog_db().await;
    let task = tokio::spawn({
        let db = db.clone();
        async move {
            db.with_advisory_lock(KEY, async |conn| {
                conn.batch_execute("SELECT 1").await?;
                if conn.batch_execute("SELECT 1").await.is_ok() {
                    panic!("work failed half-way");
                }
                Ok::<_, Error>(())
            })
            .await
        }
    });
    let joined = task.await;
    assert!(joined.is_err_and(|err| err.is_panic()), "the panic must reach the caller");
    // Released before the panic travelled on: free at once, no polling.
    assert_eq!(advisory_locks(&db).await, (0, 0));
    assert!(free(&db).await);
}

#[tokio::test]
async fn a_cancelled_call_closes_its_session_so_the_lock_is_not_kept() {
    let db = blog_db().await;
    let holder = db.with_advisory_lock(KEY, async |_| {
        std::future::pending::<()>().await;
        Ok::<_, Error>(())
    });
    assert!(tokio::time::timeout(Duration::from_millis(200), holder).await.is_err());
    // The session was closed, not pooled: the server ends it and drops its lock.
    assert_eq!(wait_for_locks(&db, |locks| locks == (0, 0)).await, (0, 0));
    assert!(free(&db).await);
}

#[tokio::test]
async fn a_cancelled_wait_does_not_keep_a_lock_granted_later() {
    let db = blog_db().await;
    let (release, first) = hold_lock(&db).await;
    let waiter = db.with_advisory_lock(KEY, async |_| Ok::<_, Error>(()));
    assert!(tokio::time::timeout(Duration::from_millis(200), waiter).await.is_err());
    release.send(()).unwrap();
    first.await.unwrap().unwrap();
    // The abandoned waiter's session may have been granted the lock before it closed.
    assert_eq!(wait_for_locks(&db, |locks| locks == (0, 0)).await, (0, 0));
    assert!(free(&db).await);
}

#[tokio::test]
async fn locks_the_work_takes_again_on_its_session_are_released_too() {
    let db = blog_db().await;
    db.with_advisory_lock(KEY, async |conn| {
        // The same key a second time (held twice now) and another key, through raw SQL.
        conn.batch_execute(&format!("SELECT pg_advisory_lock({KEY}); SELECT pg_advisory_lock(7)")).await
    })
    .await
    .unwrap();
    // The session went back to the pool holding nothing.
    assert_eq!(advisory_locks(&db).await, (0, 0));
    assert!(free(&db).await);
}
