//! Joins: inner and left, with columns, filters, order and grouping across the joined tables.

use orm::prelude::*;

use crate::schema::*;

/// Ada with posts "a1" and "a2" (a comment on "a1"); Bob without posts.
async fn fixture(db: &Db) -> (User, User) {
    let ada = insert_user(db, "ada@x.io", "Ada").await;
    let bob = insert_user(db, "bob@x.io", "Bob").await;
    let a1 = insert_post(db, &ada, "a1", Some(4.0)).await;
    insert_post(db, &ada, "a2", None).await;
    Comment::insert(NewComment { post_id: a1.id, body: "nice".into() }).execute(db).await.unwrap();
    (ada, bob)
}

#[tokio::test]
async fn inner_join_yields_both_rows() {
    let db = blog_db().await;
    let (ada, _) = fixture(&db).await;
    let rows: Vec<(User, Post)> = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .order_by(Post::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "Bob has no post, so no row");
    assert!(rows.iter().all(|(user, post)| *user == ada && post.author_id == ada.id));
    assert_eq!(rows.iter().map(|(_, p)| p.title.as_str()).collect::<Vec<_>>(), ["a1", "a2"]);
}

#[tokio::test]
async fn left_join_without_a_match_gives_none() {
    let db = blog_db().await;
    let (ada, bob) = fixture(&db).await;
    let rows: Vec<(User, Option<Post>)> = User::select()
        .left_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .order_by((User::EMAIL, Post::TITLE))
        .all(&*db)
        .await
        .unwrap();
    let shape: Vec<(&str, Option<&str>)> =
        rows.iter().map(|(u, p)| (u.name.as_str(), p.as_ref().map(|p| p.title.as_str()))).collect();
    assert_eq!(shape, [("Ada", Some("a1")), ("Ada", Some("a2")), ("Bob", None)]);
    assert_eq!(rows[2].0, bob);
    assert_eq!(rows[0].0, ada);

    let titles: Vec<(String, Option<String>, Option<f64>)> = User::select()
        .left_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .columns((User::NAME, Post::TITLE, Post::RATING))
        .order_by((User::NAME, Post::TITLE))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(
        titles,
        [
            ("Ada".into(), Some("a1".into()), Some(4.0)),
            ("Ada".into(), Some("a2".into()), None),
            ("Bob".into(), None, None)
        ],
        "a left-joined column is an Option, a nullable one stays a single Option"
    );
}

#[tokio::test]
async fn aggregates_and_filters_across_the_join() {
    let db = blog_db().await;
    fixture(&db).await;
    let posts_per_user: Vec<(String, i64)> = User::select()
        .left_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .columns((User::EMAIL, count(Post::ID)))
        .group_by(User::EMAIL)
        .order_by(User::EMAIL)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(posts_per_user, [("ada@x.io".into(), 2), ("bob@x.io".into(), 0)]);

    let rated: Vec<String> = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID).and(Post::RATING.is_not_null()))
        .columns(Post::TITLE)
        .filter(User::NAME.eq("Ada"))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(rated, ["a1"]);
    assert_eq!(User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).count(&*db).await.unwrap(), 2);
}

#[tokio::test]
async fn three_tables() {
    let db = blog_db().await;
    fixture(&db).await;
    let rows: Vec<(String, String, Option<String>)> = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .left_join::<Comment>(Comment::POST_ID.eq(Post::ID))
        .columns((User::NAME, Post::TITLE, Comment::BODY))
        .order_by(Post::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(rows, [("Ada".into(), "a1".into(), Some("nice".into())), ("Ada".into(), "a2".into(), None)]);
    let whole: Vec<((User, Post), Option<Comment>)> = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .left_join::<Comment>(Comment::POST_ID.eq(Post::ID))
        .order_by(Post::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(whole.len(), 2);
    assert_eq!(whole[0].1.as_ref().map(|c| c.body.as_str()), Some("nice"));
}

#[tokio::test]
async fn soft_deleted_rows_of_a_joined_table_do_not_match() {
    let db = blog_db().await;
    let folders = Folder::insert_many(["kept", "gone"].map(|name| NewFolder {
        name: name.into(),
        parent_id: None,
        deleted_at: None,
    }))
    .returning()
    .all(&*db)
    .await
    .unwrap();
    for folder in &folders {
        Doc::insert(NewDoc { folder_id: folder.id, title: format!("in {}", folder.name) })
            .execute(&*db)
            .await
            .unwrap();
    }
    Folder::delete().filter(Folder::NAME.eq("gone")).execute(&*db).await.unwrap();
    let inner: Vec<String> = Doc::select()
        .inner_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .columns(Doc::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(inner, ["in kept"]);
    let left: Vec<(String, Option<String>)> = Doc::select()
        .left_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .columns((Doc::TITLE, Folder::NAME))
        .order_by(Doc::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(left, [("in gone".into(), None), ("in kept".into(), Some("kept".into()))]);
}

#[test]
fn a_join_renders_one_statement() {
    let sql = User::select()
        .left_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .columns((User::EMAIL, count(Post::ID)))
        .filter(Post::PUBLISHED.eq(true).or(Post::ID.is_null()))
        .group_by(User::EMAIL)
        .to_sql();
    assert_eq!(
        sql,
        r#"SELECT "users"."email", count("posts"."id") FROM "users" LEFT JOIN "posts" ON "posts"."author_id" = "users"."id" WHERE ("posts"."published" = $1 OR "posts"."id" IS NULL) GROUP BY "users"."email""#
    );
}

#[tokio::test]
async fn joins_along_declared_relations() {
    let db = blog_db().await;
    let (ada, _bob) = fixture(&db).await;
    let tag = Tag::insert(NewTag { label: "rust".into(), uses: None }).returning().one(&*db).await.unwrap();
    let a1 = Post::select().filter(Post::TITLE.eq("a1")).one(&*db).await.unwrap();
    PostTag::insert(NewPostTag { post_id: a1.id, tag_id: tag.id }).execute(&*db).await.unwrap();

    let explicit = User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).order_by(Post::ID);
    let related = User::select().inner_join_related(User::posts()).order_by(Post::ID);
    assert_eq!(related.to_sql(), explicit.to_sql(), "a has_many join is the foreign key join");
    assert_eq!(related.all(&*db).await.unwrap().len(), 2);

    let counts: Vec<(String, i64)> = User::select()
        .left_join_related(User::posts().filter(Post::RATING.is_not_null()))
        .columns((User::NAME, count(Post::ID)))
        .group_by(User::NAME)
        .order_by(User::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(counts, [("Ada".into(), 1), ("Bob".into(), 0)], "the relation's filter joins the ON clause");

    let authors: Vec<(String, String)> = Post::select()
        .inner_join_related(Post::author())
        .columns((Post::TITLE, User::EMAIL))
        .order_by(Post::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(authors, [("a1".into(), ada.email.clone()), ("a2".into(), ada.email.clone())]);

    let tagged: Vec<(String, Option<String>)> = Post::select()
        .left_join_related(Post::tags())
        .columns((Post::TITLE, Tag::LABEL))
        .order_by(Post::TITLE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(
        tagged,
        [("a1".into(), Some("rust".into())), ("a2".into(), None)],
        "through the junction table"
    );
}

#[tokio::test]
async fn join_edge_cases() {
    let db = blog_db().await;
    let (ada, _bob) = fixture(&db).await;
    // Locks with an outer join lock the tables that are always there.
    let locked = db
        .transaction(async |tx| {
            User::select().left_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).for_update().count(tx).await?;
            User::select().left_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).for_update().all(tx).await
        })
        .await
        .unwrap();
    assert_eq!(locked.len(), 3);
    assert!(
        User::select()
            .left_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
            .for_update()
            .to_sql()
            .ends_with(r#"FOR UPDATE OF "users""#)
    );

    // The same table twice needs aliases: refused before sending.
    let twice = User::select()
        .inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))
        .inner_join::<Comment>(Comment::POST_ID.eq(Post::ID))
        .columns(User::NAME);
    assert!(twice.all(&*db).await.is_ok());
    let folder = Folder::insert(NewFolder { name: "f".into(), parent_id: None, deleted_at: None })
        .returning()
        .one(&*db)
        .await
        .unwrap();
    Folder::insert(NewFolder { name: "g".into(), parent_id: Some(folder.id), deleted_at: None })
        .execute(&*db)
        .await
        .unwrap();
    let err = Doc::select()
        .inner_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .inner_join::<Label>(Label::ID.eq(Doc::ID))
        .columns(Doc::ID)
        .all(&*db)
        .await;
    assert!(err.is_ok(), "three different tables are fine: {err:?}");
    let again = Doc::select()
        .inner_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .inner_join::<Doc>(Folder::NAME.eq("f"))
        .columns(Folder::NAME)
        .all(&*db)
        .await;
    assert!(matches!(again, Err(orm::Error::InvalidQuery(_))), "the same table twice is refused: {again:?}");

    // Soft-deleted rows of a joined table come back with with_deleted().
    Folder::delete().filter(Folder::ID.eq(folder.id)).execute(&*db).await.unwrap();
    Doc::insert(NewDoc { folder_id: folder.id, title: "doc".into() }).execute(&*db).await.unwrap();
    let hidden: Vec<(String, Option<String>)> = Doc::select()
        .left_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .columns((Doc::TITLE, Folder::NAME))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(hidden, [("doc".into(), None)]);
    let shown: Vec<(String, Option<String>)> = Doc::select()
        .with_deleted()
        .left_join::<Folder>(Folder::ID.eq(Doc::FOLDER_ID))
        .columns((Doc::TITLE, Folder::NAME))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(shown, [("doc".into(), Some("f".into()))]);
    let via_relation =
        Doc::select().left_join_related(Doc::folder().with_deleted()).columns(Folder::NAME).all(&*db).await;
    assert_eq!(
        via_relation.unwrap(),
        [Some("f".to_string())],
        "the relation's with_deleted reaches the join"
    );
    let _ = ada;
}

#[tokio::test]
async fn a_left_joined_row_of_nulls_is_a_match_when_the_key_is_set() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let post = insert_post(&db, &ada, "p", None).await;
    // The joined post's nullable columns are NULL, its key is not: Some(post).
    let rows = User::select().left_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).all(&*db).await.unwrap();
    assert_eq!(rows, [(ada, Some(post))]);
}
