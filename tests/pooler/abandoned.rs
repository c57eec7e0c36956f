//! What a caller abandons mid-call through a transaction pooler never reaches the next
//! caller of the same pooled connection.

use std::time::Duration;

use orm::prelude::*;

use crate::schema::*;
use crate::support::{Bounced, raw_client};

#[tokio::test]
async fn a_statement_dropped_while_its_types_are_learned_leaves_no_transaction_behind() {
    let bounced = Bounced::new(&schema_sql(), 2).await;
    let db = bounced.builder().max_size(1).build().unwrap();
    // The insert's types are learned now: the next one is sent as is.
    Member::insert(new_member("first@x.io", None)).execute(&db).await.unwrap();

    // Preparing a statement on `posts` waits for this lock: the learning of the select
    // (which runs in a transaction of its own) stays open until the caller gives up.
    let locker = raw_client(&bounced.url()).await;
    locker.batch_execute("BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let gave_up = tokio::time::timeout(Duration::from_millis(300), Post::select().all(&db)).await;
    assert!(gave_up.is_err(), "the select waits for the lock: {gave_up:?}");
    locker.batch_execute("COMMIT").await.unwrap();

    // The next caller gets the pool's one connection: its insert must commit.
    Member::insert(new_member("second@x.io", None)).execute(&db).await.unwrap();
    let committed = Member::select().count(bounced.direct.db()).await.unwrap();
    assert_eq!(committed, 2, "the second insert ran inside the abandoned learning's transaction");
}
