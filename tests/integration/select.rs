//! SELECT terminals, partial selects, ordering and paging.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

async fn three_users(db: &Db) -> Vec<User> {
    let mut users = Vec::new();
    for (email, name, score) in [("c@x.io", "Cy", 30), ("a@x.io", "Al", 10), ("b@x.io", "Bo", 20)] {
        let mut new = new_user(email, name);
        new.score = Some(score);
        users.push(User::insert(new).returning().one(db).await.unwrap());
    }
    users
}

#[tokio::test]
async fn partial_selects_are_typed() {
    let db = blog_db().await;
    let users = three_users(&db).await;

    let emails: Vec<String> =
        User::select().columns(User::EMAIL).order_by(User::EMAIL).all(&*db).await.unwrap();
    assert_eq!(emails, ["a@x.io", "b@x.io", "c@x.io"]);

    let pairs: Vec<(Uuid, i32)> =
        User::select().columns((User::ID, User::SCORE)).order_by(User::SCORE.desc()).all(&*db).await.unwrap();
    assert_eq!(pairs, vec![(users[0].id, 30), (users[2].id, 20), (users[1].id, 10)]);

    let one: (String, Option<String>, Role) = User::select()
        .columns((User::NAME, User::BIO, User::ROLE))
        .filter(User::EMAIL.eq("a@x.io"))
        .one(&*db)
        .await
        .unwrap();
    assert_eq!(one, ("Al".to_owned(), None, Role::Member));
}

#[tokio::test]
async fn one_first_and_count() {
    let db = blog_db().await;
    three_users(&db).await;

    let err = User::select().filter(User::EMAIL.eq("nobody@x.io")).one(&*db).await.unwrap_err();
    assert!(matches!(err, Error::NotFound), "{err:?}");
    let err = User::select().one(&*db).await.unwrap_err();
    assert!(matches!(err, Error::TooMany { count: 3 }), "{err:?}");

    let first = User::select().order_by(User::SCORE).first(&*db).await.unwrap().unwrap();
    assert_eq!(first.email, "a@x.io");
    let none = User::select().filter(User::SCORE.gt(100)).first(&*db).await.unwrap();
    assert!(none.is_none());

    assert_eq!(User::select().count(&*db).await.unwrap(), 3);
    assert_eq!(User::select().filter(User::SCORE.ge(20)).count(&*db).await.unwrap(), 2);
    assert_eq!(User::select().limit(2).count(&*db).await.unwrap(), 2, "count honours limit");
    assert_eq!(User::select().offset(2).count(&*db).await.unwrap(), 1, "count honours offset");
}

#[tokio::test]
async fn paging_with_limit_and_offset() {
    let db = blog_db().await;
    for i in 0..25 {
        let mut new = new_user(&format!("user{i:02}@x.io"), "U");
        new.score = Some(i);
        User::insert(new).execute(&*db).await.unwrap();
    }
    let mut seen = Vec::new();
    for page in 0..3 {
        let rows: Vec<i32> = User::select()
            .columns(User::SCORE)
            .order_by(User::SCORE)
            .limit(10)
            .offset(page * 10)
            .all(&*db)
            .await
            .unwrap();
        assert_eq!(rows.len(), if page < 2 { 10 } else { 5 });
        seen.extend(rows);
    }
    assert_eq!(seen, (0..25).collect::<Vec<_>>());
}

#[tokio::test]
async fn order_by_directions_and_nulls() {
    let db = blog_db().await;
    let author = insert_user(&db, "a@x.io", "A").await;
    for (title, rating) in [("low", Some(1.0)), ("none", None), ("high", Some(5.0))] {
        insert_post(&db, &author, title, rating).await;
    }
    let titles = |order| {
        let db = db.db().clone();
        async move { Post::select().columns(Post::TITLE).order_by(order).all(&db).await.unwrap() }
    };
    assert_eq!(
        titles(Post::RATING.asc()).await,
        ["low", "high", "none"],
        "PostgreSQL puts NULLs last ascending"
    );
    assert_eq!(titles(Post::RATING.desc()).await, ["none", "high", "low"]);
    assert_eq!(titles(Post::RATING.asc().nulls_first()).await, ["none", "low", "high"]);
    assert_eq!(titles(Post::RATING.desc().nulls_last()).await, ["high", "low", "none"]);

    let by_two: Vec<String> = Post::select()
        .columns(Post::TITLE)
        .order_by((Post::PUBLISHED, Post::TITLE.desc()))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(by_two, ["none", "low", "high"]);
}

#[test]
fn select_renders_one_statement_with_placeholders() {
    let sql = User::select()
        .columns((User::ID, User::EMAIL))
        .filter(User::SCORE.gt(3).and(User::ROLE.eq(Role::Admin).or(User::BIO.is_null())))
        .order_by(User::CREATED_AT.desc().nulls_last())
        .limit(20)
        .offset(40)
        .to_sql();
    assert_eq!(
        sql,
        r#"SELECT "users"."id", "users"."email" FROM "users" WHERE "users"."score" > $1 AND ("users"."role" = $2 OR "users"."bio" IS NULL) ORDER BY "users"."created_at" DESC NULLS LAST LIMIT $3 OFFSET $4"#
    );
}
