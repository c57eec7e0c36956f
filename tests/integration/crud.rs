//! Create, read, update, delete round trips through the typed builders.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

#[tokio::test]
async fn insert_returning_fills_defaults_and_reads_back() {
    let db = blog_db().await;
    let mut new = new_user("ada@example.com", "Ada");
    new.bio = Some("first programmer".into());
    new.metadata = Json(Profile { plan: "pro".into(), tags: vec!["math".into()] });
    let ada = User::insert(new).returning().one(&*db).await.unwrap();

    assert_eq!(ada.email, "ada@example.com");
    assert_eq!(ada.name, "Ada");
    assert_eq!(ada.bio.as_deref(), Some("first programmer"));
    assert_eq!(ada.role, Role::Member, "literal enum default applied");
    assert_eq!(ada.score, 0, "literal integer default applied");
    assert_eq!(ada.metadata.0.plan, "pro");
    assert!((Utc::now() - ada.created_at).num_seconds().abs() < 60, "created_at = now()");

    let read = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(read, ada);
}

#[tokio::test]
async fn full_crud_cycle() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@example.com", "Ada").await;
    let grace = insert_user(&db, "grace@example.com", "Grace").await;

    let all = User::select().order_by(User::EMAIL).all(&*db).await.unwrap();
    assert_eq!(all, vec![ada.clone(), grace.clone()]);

    let changed = User::update()
        .set(User::NAME, "Grace Hopper")
        .set(User::ROLE, Role::Admin)
        .filter(User::ID.eq(grace.id))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(changed, 1);
    let grace = User::select().filter(User::ID.eq(grace.id)).one(&*db).await.unwrap();
    assert_eq!((grace.name.as_str(), grace.role), ("Grace Hopper", Role::Admin));
    let ada_again = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(ada_again, ada, "the update touched only the filtered row");

    let deleted = User::delete().filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(User::select().count(&*db).await.unwrap(), 1);
    assert!(User::select().filter(User::ID.eq(ada.id)).first(&*db).await.unwrap().is_none());
}

#[tokio::test]
async fn identity_and_composite_keys() {
    let db = blog_db().await;
    let author = insert_user(&db, "a@example.com", "A").await;
    let first = insert_post(&db, &author, "one", None).await;
    let second = insert_post(&db, &author, "two", Some(4.5)).await;
    assert!(second.id > first.id, "identity column numbers rows");
    assert!(!first.published, "boolean literal default applied");

    let tag = Tag::insert(NewTag { label: "rust".into(), uses: None }).returning().one(&*db).await.unwrap();
    PostTag::insert(NewPostTag { post_id: first.id, tag_id: tag.id }).execute(&*db).await.unwrap();
    let duplicate = PostTag::insert(NewPostTag { post_id: first.id, tag_id: tag.id }).execute(&*db).await;
    assert!(
        matches!(&duplicate, Err(Error::UniqueViolation { constraint, .. }) if constraint == "post_tags_pkey"),
        "composite primary key refuses a duplicate: {duplicate:?}"
    );
}

#[tokio::test]
async fn foreign_key_cascade_and_violation() {
    let db = blog_db().await;
    let author = insert_user(&db, "a@example.com", "A").await;
    insert_post(&db, &author, "one", None).await;

    let orphan = NewPost {
        author_id: Uuid::new_v4(),
        editor_id: None,
        title: "x".into(),
        body: "y".into(),
        published: None,
        rating: None,
    };
    let err = Post::insert(orphan).execute(&*db).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "posts_author_id_fkey"),
        "{err:?}"
    );

    User::delete().filter(User::ID.eq(author.id)).execute(&*db).await.unwrap();
    assert_eq!(Post::select().count(&*db).await.unwrap(), 0, "on_delete = cascade removed the posts");
}
