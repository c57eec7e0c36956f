//! What the pooler mode costs, in round trips between the application and PgBouncer
//! (counted by a proxy in front of it): a statement whose types the pool knows is one
//! round trip, as a cached statement is in session mode; the first sight of a statement
//! costs one more.

use orm::prelude::*;
use orm::testing::RoundTrips;
use orm::{Db, Error, PoolerMode};

use crate::schema::*;
use crate::support::Bounced;

/// A PgBouncer in transaction mode, and a pool of one connection through it in the
/// pooler mode, its round trips to PgBouncer counted by a proxy.
async fn counted_through_pooler() -> (Bounced, Db, RoundTrips) {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let (port, trips) = RoundTrips::start(("127.0.0.1".to_owned(), bounced.bouncer.port())).await.unwrap();
    let url = bounced.url().replace(&format!(":{}/", bounced.bouncer.port()), &format!(":{port}/"));
    let db = Db::builder(&url).pooler_mode(PoolerMode::Transaction).max_size(1).build().unwrap();
    (bounced, db, trips)
}

#[tokio::test]
async fn a_learned_statement_is_one_round_trip_and_a_new_one_two() {
    let (_bounced, db, trips) = counted_through_pooler().await;
    let by_email = |email: &str| Member::select().filter(Member::EMAIL.eq(email.to_owned()));

    // The handshake, and the first statement that meets the enum column (the connection
    // then looks up every custom type of the database at once), are not counted.
    by_email("warm@x.io").all(&db).await.unwrap();
    trips.take();

    Post::select().filter(Post::TITLE.eq("new")).all(&db).await.unwrap();
    assert_eq!(trips.take(), 2, "first sight: the types are learned in a round trip of their own");
    Post::select().filter(Post::TITLE.eq("again")).all(&db).await.unwrap();
    assert_eq!(trips.take(), 1, "learned: Parse, Bind and Execute in one round trip");
    by_email("ada@x.io").all(&db).await.unwrap();
    assert_eq!(trips.take(), 1, "a learned statement with an enum column");

    let ada = Member::insert(new_member("ada@x.io", Some(Role::Admin))).returning().one(&db).await.unwrap();
    trips.take();
    db.transaction(async |tx| {
        Member::update().set(Member::SCORE, 1).filter(Member::ID.eq(ada.id)).execute(tx).await?;
        by_email("ada@x.io").one(tx).await?;
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    let learned_in_transaction = trips.take();
    db.transaction(async |tx| {
        Member::update().set(Member::SCORE, 2).filter(Member::ID.eq(ada.id)).execute(tx).await?;
        by_email("ada@x.io").one(tx).await?;
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    assert_eq!(trips.take(), 3, "BEGIN with the first statement, the second, COMMIT");
    assert_eq!(learned_in_transaction, 4, "one more for the update's first sight");

    let batch = || (by_email("ada@x.io"), Post::select().filter(Post::MEMBER_ID.eq(ada.id)));
    db.pipeline(batch()).await.unwrap();
    assert_eq!(trips.take(), 2, "the learning of the new statement, then the pipeline with its end");
    db.pipeline(batch()).await.unwrap();
    assert_eq!(trips.take(), 1, "every statement of the pipeline is learned");
}

#[tokio::test]
async fn raw_sql_sends_no_session_reset_through_a_transaction_pooler_and_set_local_works() {
    let (_bounced, db, trips) = counted_through_pooler().await;
    let by_email = || Member::select().filter(Member::EMAIL.eq("ada@x.io".to_owned()));
    by_email().all(&db).await.unwrap();
    orm::sql!("SELECT 1").execute(&db).await.unwrap();
    trips.take();

    // The server sessions are PgBouncer's: a reset from this side would land on whichever
    // one the next transaction gets, so none is sent (set_local is the way there).
    by_email().all(&db).await.unwrap();
    assert_eq!(trips.take(), 1, "the next statement alone, no reset before it");

    let tenant = db
        .transaction(async |tx| {
            tx.set_local("app.tenant", "42").await?;
            orm::sql!("SELECT current_setting('app.tenant')").fetch_one::<String, _>(tx).await
        })
        .await
        .unwrap();
    assert_eq!(tenant, "42", "set_local works through the pooler, for the transaction's length");
}
