//! `orm::prepare`: a query rendered once and run with new parameter values.

use orm::prelude::*;
use orm::{Error, prepare};

use crate::schema::*;

#[tokio::test]
async fn a_prepared_select_runs_with_each_value_it_is_given() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    let grace = insert_user(&db, "grace@example.com", "Grace").await;

    let by_email = prepare(|email: Param<String>| User::select().filter(User::EMAIL.eq(email)));
    assert_eq!(by_email.sql(), User::select().filter(User::EMAIL.eq("x")).to_sql());
    assert_eq!(by_email.one(&*db, "ada@example.com".to_owned()).await.unwrap(), ada);
    assert_eq!(by_email.one(&*db, "grace@example.com".to_owned()).await.unwrap(), grace);
    assert!(matches!(by_email.one(&*db, "nobody@example.com".to_owned()).await, Err(Error::NotFound)));
}

#[tokio::test]
async fn parameters_mix_with_fixed_values_in_their_order() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    for (title, rating) in [("a", 1.0), ("b", 2.0), ("c", 3.0), ("d", 4.0)] {
        insert_post(&db, &ada, title, Some(rating)).await;
    }
    // A fixed value before, between and after the parameters: each binds in its place.
    let rated = prepare(|(author, low, high): (Param<Uuid>, Param<f64>, Param<f64>)| {
        Post::select()
            .filter(Post::TITLE.ne("zzz"))
            .filter(Post::AUTHOR_ID.eq(author).and(Post::RATING.ge(low)))
            .filter(Post::TITLE.ne("yyy").and(Post::RATING.le(high)))
            .order_by(Post::RATING)
            .limit(10)
    });
    let titles = |posts: Vec<Post>| posts.into_iter().map(|p| p.title).collect::<Vec<_>>();
    assert_eq!(titles(rated.all(&*db, (ada.id, 2.0, 3.0)).await.unwrap()), ["b", "c"]);
    assert_eq!(titles(rated.all(&*db, (ada.id, 1.0, 4.0)).await.unwrap()), ["a", "b", "c", "d"]);
    assert!(rated.all(&*db, (Uuid::nil(), 1.0, 4.0)).await.unwrap().is_empty());
}

#[tokio::test]
async fn prepared_updates_deletes_and_returning() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    let grace = insert_user(&db, "grace@example.com", "Grace").await;

    let rename = prepare(|(id, name): (Param<Uuid>, Param<String>)| {
        User::update().set(User::NAME, name).filter(User::ID.eq(id))
    });
    assert_eq!(rename.execute(&*db, (grace.id, "Grace Hopper".to_owned())).await.unwrap(), 1);
    let bio = prepare(|(id, bio): (Param<Uuid>, Param<Option<String>>)| {
        User::update().set(User::BIO, bio).filter(User::ID.eq(id)).returning()
    });
    let updated = bio.one(&*db, (ada.id, Some("first programmer".to_owned()))).await.unwrap();
    assert_eq!(updated.bio.as_deref(), Some("first programmer"));
    let cleared = bio.all(&*db, (ada.id, None)).await.unwrap();
    assert_eq!(cleared[0].bio, None);

    let remove = prepare(|id: Param<Uuid>| User::delete().filter(User::ID.eq(id)));
    assert_eq!(remove.execute(&*db, ada.id).await.unwrap(), 1);
    assert_eq!(remove.execute(&*db, ada.id).await.unwrap(), 0);
    let left = User::select().all(&*db).await.unwrap();
    assert_eq!(left.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Grace Hopper"]);
}

#[tokio::test]
async fn a_parameter_smuggled_out_of_prepare_is_refused_before_sending() {
    let db = blog_db().await;
    insert_user(&db, "ada@example.com", "Ada").await;
    let mut smuggled = None;
    let _ = prepare(|email: Param<String>| {
        smuggled = Some(email);
        User::select().filter(User::EMAIL.eq(email))
    });
    let email = smuggled.expect("the closure ran");
    let outcome = User::select().filter(User::EMAIL.eq(email)).all(&*db).await;
    assert!(
        matches!(outcome, Err(Error::InvalidQuery(message)) if message.contains("prepare")),
        "{outcome:?}"
    );
    let outcome = User::delete().filter(User::EMAIL.eq(email)).execute(&*db).await;
    assert!(matches!(outcome, Err(Error::InvalidQuery(_))), "{outcome:?}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 1, "nothing was deleted");
}
