//! `.timeout(..)` on every terminal: the usual result while it does not pass, and
//! `Error::Timeout` (the statement cancelled on the server) while a lock holds the call.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use orm::prelude::*;
use orm::{Error, prepare};

use super::timed;
use crate::schema::*;

/// A timeout no call of these tests comes near.
const LONG: Duration = Duration::from_secs(30);
/// A timeout that passes while a call waits for a lock.
const SHORT: Duration = Duration::from_millis(100);

/// A tag to insert.
fn new_tag(label: &str) -> NewTag {
    NewTag { label: label.to_owned(), uses: Some(1) }
}

#[tokio::test]
async fn every_terminal_gives_its_usual_result_within_a_timeout_that_does_not_pass() {
    let test_db = blog_db().await;
    let ada = insert_user(&test_db, "ada@example.com", "Ada").await;
    let grace = insert_user(&test_db, "grace@example.com", "Grace").await;
    insert_post(&test_db, &ada, "first", Some(1.0)).await;
    insert_post(&test_db, &ada, "second", Some(2.0)).await;
    let db = &*test_db;

    // Selects: every terminal, plain, joined, grouped and compound.
    let by_name = || User::select().order_by(User::EMAIL);
    assert_eq!(by_name().timeout(LONG).all(db).await.unwrap(), [ada.clone(), grace.clone()]);
    assert_eq!(by_name().filter(User::ID.eq(ada.id)).timeout(LONG).one(db).await.unwrap(), ada);
    assert_eq!(by_name().timeout(LONG).first(db).await.unwrap(), Some(ada.clone()));
    assert_eq!(by_name().timeout(LONG).count(db).await.unwrap(), 2);
    let page = by_name().limit(1).timeout(LONG).page(db).await.unwrap();
    assert_eq!(page.rows, std::slice::from_ref(&ada));
    let page = by_name().after(page.next).limit(1).timeout(LONG).page(db).await.unwrap();
    assert_eq!(page.rows, std::slice::from_ref(&grace));
    let plan = by_name().timeout(LONG).explain(db).await.unwrap();
    assert_eq!(plan, by_name().explain(db).await.unwrap());
    assert!(by_name().timeout(LONG).explain_analyze(db).await.unwrap().contains("actual"));
    let joined = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .columns((User::NAME, Post::TITLE))
        .order_by(Post::TITLE)
        .timeout(LONG)
        .all(db)
        .await
        .unwrap();
    assert_eq!(joined, [("Ada".to_owned(), "first".to_owned()), ("Ada".to_owned(), "second".to_owned())]);
    let grouped = Post::select()
        .columns((Post::AUTHOR_ID, count(Post::ID)))
        .group_by(Post::AUTHOR_ID)
        .timeout(LONG)
        .all(db)
        .await
        .unwrap();
    assert_eq!(grouped, [(ada.id, 2)]);
    let names = || User::select().columns(User::NAME);
    let mut both = names().timeout(LONG).union(names()).all(db).await.unwrap();
    both.sort();
    assert_eq!(both, ["Ada", "Grace"]);
    let one = names().filter(User::ID.eq(ada.id)).union_all(names().filter(User::ID.eq(ada.id)).limit(0));
    assert_eq!(one.timeout(LONG).one(db).await.unwrap(), "Ada");

    // Relation loads.
    let loaded = User::select().order_by(User::NAME).with(User::posts()).timeout(LONG).all(db).await.unwrap();
    assert_eq!(loaded.iter().map(|(_, posts)| posts.len()).collect::<Vec<_>>(), [2, 0]);
    let (user, posts) =
        User::select().filter(User::ID.eq(ada.id)).timeout(LONG).with(User::posts()).one(db).await.unwrap();
    assert_eq!((user, posts.len()), (ada.clone(), 2));
    let first =
        User::select().filter(User::ID.eq(grace.id)).with(User::posts()).timeout(LONG).first(db).await;
    assert_eq!(first.unwrap(), Some((grace.clone(), Vec::new())));

    // Writes: insert, returning, upsert, update, delete, soft delete, copy.
    assert_eq!(Tag::insert(new_tag("a")).timeout(LONG).execute(db).await.unwrap(), 1);
    let b = Tag::insert(new_tag("b")).returning().timeout(LONG).one(db).await.unwrap();
    assert_eq!(b.label, "b");
    let c = Tag::insert(new_tag("c")).timeout(LONG).returning().first(db).await.unwrap();
    assert_eq!(c.map(|tag| tag.label).as_deref(), Some("c"));
    let upsert = || Tag::insert(new_tag("a")).on_conflict(Tag::LABEL).do_update().set(Tag::USES, 5_i64);
    assert_eq!(upsert().timeout(LONG).execute(db).await.unwrap(), 1);
    assert_eq!(upsert().timeout(LONG).returning().all(db).await.unwrap()[0].uses, 5);
    assert_eq!(Tag::copy_in([new_tag("d"), new_tag("e")]).timeout(LONG).execute(db).await.unwrap(), 2);
    let updated = Tag::update().set(Tag::USES, 9_i64).filter(Tag::LABEL.eq("b")).timeout(LONG).execute(db);
    assert_eq!(updated.await.unwrap(), 1);
    let renamed = Tag::update().set(Tag::LABEL, "bb").filter(Tag::LABEL.eq("b")).returning().timeout(LONG);
    assert_eq!(renamed.one(db).await.unwrap().uses, 9);
    assert_eq!(Tag::delete().filter(Tag::LABEL.eq("e")).timeout(LONG).execute(db).await.unwrap(), 1);
    let gone = Tag::delete().timeout(LONG).filter(Tag::LABEL.eq("d")).returning().all(db).await.unwrap();
    assert_eq!(gone.len(), 1);
    Note::insert(NewNote { user_id: ada.id, body: "n".into(), deleted_at: None }).execute(db).await.unwrap();
    assert_eq!(Note::delete().filter(Note::BODY.eq("n")).timeout(LONG).execute(db).await.unwrap(), 1);
    assert_eq!(Note::select().with_deleted().count(db).await.unwrap(), 1, "soft: marked, kept");
    assert_eq!(Note::delete().hard().all_rows().timeout(LONG).execute(db).await.unwrap(), 1);

    // Raw SQL.
    let labels = sql!("SELECT label FROM tags ORDER BY label").timeout(LONG).fetch_all::<String, _>(db).await;
    assert_eq!(labels.unwrap(), ["a", "bb", "c"]);
    assert_eq!(sql!("SELECT {}::int", 3_i32).timeout(LONG).fetch_one::<i32, _>(db).await.unwrap(), 3);
    let none = sql!("SELECT 1 WHERE false").timeout(LONG).fetch_optional::<i32, _>(db).await.unwrap();
    assert_eq!(none, None);
    assert_eq!(sql!("UPDATE tags SET uses = uses + 1").timeout(LONG).execute(db).await.unwrap(), 3);

    // Prepared statements: the query's timeout bounds every run.
    let by_label = prepare(|label: Param<String>| Tag::select().filter(Tag::LABEL.eq(label)).timeout(LONG));
    assert_eq!(by_label.one(db, "c".to_owned()).await.unwrap().label, "c");
    assert!(by_label.all(db, "zz".to_owned()).await.unwrap().is_empty());
    let bump = prepare(|label: Param<String>| {
        Tag::update().set(Tag::USES, 0_i64).filter(Tag::LABEL.eq(label)).timeout(LONG)
    });
    assert_eq!(bump.execute(db, "a".to_owned()).await.unwrap(), 1);

    // A pipeline runs under its statements' shortest timeout.
    let (users, changed) = db
        .pipeline((
            User::select().order_by(User::NAME).timeout(LONG),
            Tag::update().set(Tag::USES, 1_i64).all_rows().timeout(Duration::from_secs(20)),
        ))
        .await
        .unwrap();
    assert_eq!((users.len(), changed), (2, 3));
}

/// Runs `call`, which waits for a lock, and asserts that it gave up within a second
/// with the server's answer to the cancel.
async fn times_out<T: Debug>(what: &str, call: impl Future<Output = orm::Result<T>>) {
    let (outcome, elapsed) = timed(call).await;
    match outcome {
        Err(Error::Timeout { source: Some(source) }) => {
            assert!(format!("{source:?}").contains("57014"), "{what}: {source:?}");
        }
        other => panic!("{what}: expected Error::Timeout from the server's cancel, got {other:?}"),
    }
    assert!(elapsed < Duration::from_secs(1), "{what} returned after {elapsed:?}");
}

/// Sessions of this test's database waiting for a lock.
async fn waiting_for_locks(db: &Db) -> i64 {
    sql!("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn every_terminal_fails_with_timeout_while_a_lock_holds_it() {
    let test_db = blog_db().await;
    let ada = insert_user(&test_db, "ada@example.com", "Ada").await;
    Tag::insert(new_tag("a")).execute(&*test_db).await.unwrap();
    Note::insert(NewNote { user_id: ada.id, body: "n".into(), deleted_at: None })
        .execute(&*test_db)
        .await
        .unwrap();
    let blocker = test_db.connection().await.unwrap();
    blocker.batch_execute("BEGIN; LOCK TABLE users, tags, notes IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let db = &*test_db;

    let users = || User::select().order_by(User::NAME);
    times_out("all", users().timeout(SHORT).all(db)).await;
    times_out("one", users().timeout(SHORT).one(db)).await;
    times_out("first", users().timeout(SHORT).first(db)).await;
    times_out("count", users().timeout(SHORT).count(db)).await;
    times_out("page", users().limit(5).timeout(SHORT).page(db)).await;
    times_out("explain", users().timeout(SHORT).explain(db)).await;
    times_out("explain_analyze", users().timeout(SHORT).explain_analyze(db)).await;
    let joined = User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).timeout(SHORT);
    times_out("joined", joined.all(db)).await;
    let grouped = User::select().columns((User::ROLE, count(User::ID))).group_by(User::ROLE).timeout(SHORT);
    times_out("grouped", grouped.all(db)).await;
    let names = || User::select().columns(User::NAME);
    times_out("union", names().union(names()).timeout(SHORT).all(db)).await;
    times_out("union one", names().timeout(SHORT).union_all(names()).one(db)).await;
    times_out("with", User::select().with(User::posts()).timeout(SHORT).all(db)).await;

    times_out("insert", Tag::insert(new_tag("b")).timeout(SHORT).execute(db)).await;
    times_out("returning", Tag::insert(new_tag("b")).returning().timeout(SHORT).one(db)).await;
    let upsert = Tag::insert(new_tag("a")).on_conflict(Tag::LABEL).do_update().set(Tag::USES, 5_i64);
    times_out("upsert", upsert.timeout(SHORT).execute(db)).await;
    times_out("insert_many", Tag::insert_many([new_tag("c"), new_tag("d")]).timeout(SHORT).execute(db)).await;
    times_out("copy_in", Tag::copy_in([new_tag("c"), new_tag("d")]).timeout(SHORT).execute(db)).await;
    let update = Tag::update().set(Tag::USES, 9_i64).filter(Tag::LABEL.eq("a")).timeout(SHORT);
    times_out("update", update.execute(db)).await;
    times_out("delete", Tag::delete().all_rows().timeout(SHORT).execute(db)).await;
    times_out("soft delete", Note::delete().filter(Note::BODY.eq("n")).timeout(SHORT).execute(db)).await;

    times_out("sql fetch_all", sql!("SELECT label FROM tags").timeout(SHORT).fetch_all::<String, _>(db))
        .await;
    times_out("sql fetch_one", sql!("SELECT count(*) FROM tags").timeout(SHORT).fetch_one::<i64, _>(db))
        .await;
    let optional = sql!("SELECT label FROM tags").timeout(SHORT).fetch_optional::<String, _>(db);
    times_out("sql fetch_optional", optional).await;
    times_out("sql execute", sql!("DELETE FROM tags").timeout(SHORT).execute(db)).await;

    let by_label = prepare(|label: Param<String>| Tag::select().filter(Tag::LABEL.eq(label)).timeout(SHORT));
    times_out("prepared", by_label.all(db, "a".to_owned())).await;
    let pipeline = db.pipeline((Post::select(), Tag::select().timeout(SHORT), Post::select().timeout(LONG)));
    times_out("pipeline", async { pipeline.await.map(|(posts, tags, _)| (posts.len(), tags.len())) }).await;

    assert_eq!(waiting_for_locks(db).await, 0, "every cancelled statement stopped waiting on the server");
    blocker.batch_execute("ROLLBACK").await.unwrap();
    let tags: Vec<(String, i64)> = Tag::select().columns((Tag::LABEL, Tag::USES)).all(db).await.unwrap();
    assert_eq!(tags, [("a".to_owned(), 1)], "no timed-out write took effect");
    assert_eq!(Note::select().count(db).await.unwrap(), 1, "the soft delete did not either");
}

#[tokio::test]
async fn a_relation_load_shares_the_timeout_of_its_call() {
    let test_db = blog_db().await;
    let ada = insert_user(&test_db, "ada@example.com", "Ada").await;
    insert_post(&test_db, &ada, "first", None).await;
    let blocker = test_db.connection().await.unwrap();
    // The users are free: the select of the rows runs, the load of their posts waits.
    blocker.batch_execute("BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE").await.unwrap();
    let db = &*test_db;

    times_out("with all", User::select().with(User::posts()).timeout(SHORT).all(db)).await;
    times_out("with one", User::select().timeout(SHORT).with(User::posts()).one(db)).await;
    times_out("with first", User::select().with(User::posts()).timeout(SHORT).first(db)).await;
    assert_eq!(waiting_for_locks(db).await, 0);

    blocker.batch_execute("ROLLBACK").await.unwrap();
    let (user, posts) = User::select().with(User::posts()).timeout(SHORT).one(db).await.unwrap();
    assert_eq!((user, posts.len()), (ada, 1));
}
