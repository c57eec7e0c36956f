//! `Executor::pipeline`: independent statements in one round trip, each with its typed result.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

#[tokio::test]
async fn a_pipeline_is_one_round_trip_and_gives_each_result_in_order() {
    let test_db = blog_db().await;
    let ada = insert_user(&test_db, "ada@example.com", "Ada").await;
    let grace = insert_user(&test_db, "grace@example.com", "Grace").await;
    insert_post(&test_db, &ada, "first", None).await;
    insert_post(&test_db, &ada, "second", None).await;
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().unwrap();
    let conn = db.connection().await.unwrap();

    let batch = || {
        (
            User::select().filter(User::ID.eq(ada.id)),
            Post::select().filter(Post::AUTHOR_ID.eq(ada.id)).order_by(Post::ID),
            User::update().set(User::SCORE, 7).filter(User::ID.eq(grace.id)),
        )
    };
    // The first run prepares the statements (a round trip of its own).
    conn.pipeline(batch()).await.unwrap();
    trips.take();

    let (users, posts, updated) = conn.pipeline(batch()).await.unwrap();
    assert_eq!(trips.take(), 1, "three statements, one round trip");
    assert_eq!(users, vec![ada.clone()]);
    assert_eq!(posts.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["first", "second"]);
    assert_eq!(updated, 1);

    // The same statements one by one: a round trip each.
    let (a, b, c) = batch();
    a.all(&conn).await.unwrap();
    b.all(&conn).await.unwrap();
    c.execute(&conn).await.unwrap();
    assert_eq!(trips.take(), 3, "the proxy counts sequential statements apart");
    let grace = User::select().filter(User::ID.eq(grace.id)).one(&*test_db).await.unwrap();
    assert_eq!(grace.score, 7);
}

#[tokio::test]
async fn a_failing_statement_fails_the_pipeline_without_undoing_the_others() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    let outcome = db
        .pipeline((
            User::update().set(User::NAME, "Ada Lovelace").filter(User::ID.eq(ada.id)),
            User::insert(new_user("ada@example.com", "Copy")),
        ))
        .await;
    assert!(
        matches!(&outcome, Err(Error::UniqueViolation { constraint, .. }) if constraint.contains("email")),
        "{outcome:?}"
    );
    let ada = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(ada.name, "Ada Lovelace", "independent statements: the update stays");
    assert_eq!(User::select().count(&*db).await.unwrap(), 1);
}

#[tokio::test]
async fn inside_a_transaction_a_failure_in_a_pipeline_rolls_everything_back() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    let outcome = db
        .transaction(async |tx| {
            tx.pipeline((
                User::update().set(User::NAME, "Ada Lovelace").filter(User::ID.eq(ada.id)),
                User::insert(new_user("ada@example.com", "Copy")),
            ))
            .await
        })
        .await;
    assert!(matches!(outcome, Err(Error::UniqueViolation { .. })), "{outcome:?}");
    let ada = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(ada.name, "Ada", "the transaction rolled the update back");
}

#[tokio::test]
async fn a_statement_sent_in_parts_is_refused_before_anything_is_sent() {
    let db = blog_db().await;
    // 2 columns a row: 40,000 rows need two statements under the 65,535-parameter limit.
    let many = Tag::insert_many((0..40_000).map(|i| NewTag { label: format!("t{i}"), uses: None }));
    let outcome = db.pipeline((Tag::update().set(Tag::USES, 1_i64).all_rows(), many)).await;
    assert!(
        matches!(&outcome, Err(Error::InvalidQuery(message)) if message.contains("pipeline")),
        "{outcome:?}"
    );
    assert_eq!(Tag::select().count(&*db).await.unwrap(), 0, "nothing was inserted");

    let chunked = orm::prepare(|uses: Param<i64>| {
        Tag::insert_many((0..40_000).map(|i| NewTag { label: format!("t{i}"), uses: None }))
            .on_conflict(Tag::LABEL)
            .do_update()
            .set(Tag::USES, uses)
    });
    let outcome = chunked.execute(&*db, 3).await;
    assert!(
        matches!(&outcome, Err(Error::InvalidQuery(message)) if message.contains("prepared")),
        "{outcome:?}"
    );
    assert_eq!(Tag::select().count(&*db).await.unwrap(), 0, "nothing was inserted");
}
