//! Relations: declared once, loaded with a fixed number of statements per level,
//! typed results in parent order.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;
use crate::tracing_spans::Recorder;

/// 100 users × 10 posts × 10 comments, every row distinguishable.
async fn blog_of_100_users(db: &Db) {
    let users = (0..100).map(|u| {
        let mut new = new_user(&format!("user{u:03}@x.io"), &format!("User {u}"));
        new.score = Some(u);
        new
    });
    let users = User::insert_many(users).returning().all(db).await.unwrap();
    let posts = users.iter().flat_map(|user| {
        (0..10).map(move |p| NewPost {
            author_id: user.id,
            editor_id: (p % 3 == 0).then_some(user.id),
            title: format!("{} post {p}", user.name),
            body: "body".into(),
            published: Some(p % 2 == 0),
            rating: None,
        })
    });
    let posts = Post::insert_many(posts).returning().all(db).await.unwrap();
    let comments = posts.iter().flat_map(|post| {
        (0..10).map(move |c| NewComment { post_id: post.id, body: format!("c{c} on {}", post.id) })
    });
    Comment::insert_many(comments).execute(db).await.unwrap();
}

#[tokio::test]
#[allow(clippy::type_complexity)] // the result type DESIGN.md promises, spelled out
async fn nested_load_of_100_x_10_x_10_takes_three_statements_and_matches_a_naive_loop() {
    let db = blog_db().await;
    blog_of_100_users(&db).await;

    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    let loaded: Vec<(User, Vec<(Post, Vec<Comment>)>)> = User::select()
        .order_by(User::EMAIL)
        .with(User::posts().order_by(Post::ID).with(Post::comments().order_by(Comment::ID)))
        .all(&*db)
        .await
        .unwrap();
    drop(guard);
    let statements = recorder.statements();
    assert_eq!(statements.len(), 3, "one statement per level: {statements:#?}");
    assert!(statements[1]["sql"].contains(r#""posts"."author_id" = ANY($1)"#), "{}", statements[1]["sql"]);

    let mut naive = Vec::new();
    for user in User::select().order_by(User::EMAIL).all(&*db).await.unwrap() {
        let mut posts = Vec::new();
        for post in
            Post::select().filter(Post::AUTHOR_ID.eq(user.id)).order_by(Post::ID).all(&*db).await.unwrap()
        {
            let comments = Comment::select()
                .filter(Comment::POST_ID.eq(post.id))
                .order_by(Comment::ID)
                .all(&*db)
                .await
                .unwrap();
            posts.push((post, comments));
        }
        naive.push((user, posts));
    }
    assert_eq!(loaded.len(), 100);
    assert!(loaded.iter().all(|(_, posts)| posts.len() == 10 && posts.iter().all(|(_, c)| c.len() == 10)));
    assert_eq!(loaded, naive, "the batched load equals the per-row loop");
}

#[tokio::test]
async fn a_nested_load_costs_the_same_round_trips_for_1_user_as_for_100() {
    let test_db = blog_db().await;
    blog_of_100_users(&test_db).await;
    let (builder, trips) = test_db.counting_round_trips().await;
    let db = builder.max_size(1).build().unwrap();
    let conn = db.connection().await.unwrap();
    let load = |users: u64| {
        User::select()
            .order_by(User::EMAIL)
            .limit(users)
            .with(User::posts().order_by(Post::ID).with(Post::comments().order_by(Comment::ID)))
            .all(&conn)
    };
    load(1).await.unwrap();
    trips.take();
    let one = load(1).await.unwrap();
    let for_one = trips.take();
    let hundred = load(100).await.unwrap();
    let for_hundred = trips.take();
    assert_eq!((one.len(), hundred.len()), (1, 100));
    assert_eq!((for_one, for_hundred), (3, 3), "one round trip per level, whatever the rows");
}

#[tokio::test]
async fn parent_order_is_kept_and_parents_without_children_get_empty_results() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    let cy = insert_user(&db, "cy@x.io", "Cy").await;
    insert_post(&db, &cy, "cy 1", None).await;
    insert_post(&db, &ada, "ada 1", None).await;
    insert_post(&db, &cy, "cy 2", None).await;

    let loaded = User::select()
        .order_by(User::EMAIL.desc())
        .with(User::posts().order_by(Post::TITLE))
        .all(&*db)
        .await
        .unwrap();
    let shape: Vec<(&str, Vec<&str>)> = loaded
        .iter()
        .map(|(u, posts)| (u.name.as_str(), posts.iter().map(|p| p.title.as_str()).collect()))
        .collect();
    assert_eq!(shape, [("Cy", vec!["cy 1", "cy 2"]), ("Bob", vec![]), ("Ada", vec!["ada 1"])]);
    assert_eq!(loaded[1].0, bob);
}

#[tokio::test]
async fn belongs_to_yields_the_row_or_an_option_for_a_nullable_key() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    let first = insert_post(&db, &ada, "first", None).await;
    insert_post(&db, &bob, "second", None).await;
    Post::update().set(Post::EDITOR_ID, bob.id).filter(Post::ID.eq(first.id)).execute(&*db).await.unwrap();

    let posts: Vec<(Post, User, Option<User>)> =
        Post::select().order_by(Post::ID).with((Post::author(), Post::editor())).all(&*db).await.unwrap();
    assert_eq!(posts.len(), 2);
    assert_eq!(
        (posts[0].1.name.as_str(), posts[0].2.as_ref().map(|u| u.name.as_str())),
        ("Ada", Some("Bob"))
    );
    assert_eq!((posts[1].1.name.as_str(), posts[1].2.as_ref()), ("Bob", None));

    // The relation's own filter can exclude the row a non-null key points at: a typed error.
    let err =
        Post::select().with(Post::author().filter(User::NAME.eq("nobody"))).all(&*db).await.unwrap_err();
    assert!(matches!(err, Error::RelatedRowMissing { table: "users" }), "{err:?}");
}

#[tokio::test]
#[allow(clippy::type_complexity)]
async fn parents_sharing_a_key_each_get_the_related_row_and_its_relations() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    for (author, title) in [(&ada, "a1"), (&bob, "b1"), (&ada, "a2"), (&ada, "a3")] {
        insert_post(&db, author, title, None).await;
    }
    // Three posts share one author: the author and the author's posts are loaded once
    // and every post gets its own copy, in post order.
    let posts: Vec<(Post, (User, Vec<Post>))> = Post::select()
        .order_by(Post::ID)
        .with(Post::author().with(User::posts().order_by(Post::ID)))
        .all(&*db)
        .await
        .unwrap();
    let seen: Vec<(&str, &str, Vec<&str>)> = posts
        .iter()
        .map(|(post, (author, theirs))| {
            (post.title.as_str(), author.name.as_str(), theirs.iter().map(|p| p.title.as_str()).collect())
        })
        .collect();
    let ada_posts = vec!["a1", "a2", "a3"];
    assert_eq!(
        seen,
        [
            ("a1", "Ada", ada_posts.clone()),
            ("b1", "Bob", vec!["b1"]),
            ("a2", "Ada", ada_posts.clone()),
            ("a3", "Ada", ada_posts),
        ]
    );
}

#[tokio::test]
async fn has_one_yields_an_option() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    insert_user(&db, "bob@x.io", "Bob").await;
    UserProfile::insert(NewUserProfile { user_id: ada.id, website: "https://ada.example".into() })
        .execute(&*db)
        .await
        .unwrap();
    let users: Vec<(User, Option<UserProfile>)> =
        User::select().order_by(User::EMAIL).with(User::profile()).all(&*db).await.unwrap();
    assert_eq!(users[0].1.as_ref().map(|p| p.website.as_str()), Some("https://ada.example"));
    assert_eq!(users[1].1, None);
}

#[tokio::test]
async fn many_to_many_goes_through_the_junction_table() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let first = insert_post(&db, &ada, "first", None).await;
    let second = insert_post(&db, &ada, "second", None).await;
    let untagged = insert_post(&db, &ada, "untagged", None).await;
    let tags = Tag::insert_many(["rust", "sql", "orm"].map(|l| NewTag { label: l.into(), uses: None }))
        .returning()
        .all(&*db)
        .await
        .unwrap();
    let links = [(first.id, 0), (first.id, 1), (second.id, 1), (second.id, 2)];
    PostTag::insert_many(links.map(|(post_id, t)| NewPostTag { post_id, tag_id: tags[t].id }))
        .execute(&*db)
        .await
        .unwrap();

    let posts =
        Post::select().order_by(Post::ID).with(Post::tags().order_by(Tag::LABEL)).all(&*db).await.unwrap();
    let shape: Vec<(i64, Vec<&str>)> =
        posts.iter().map(|(p, tags)| (p.id, tags.iter().map(|t| t.label.as_str()).collect())).collect();
    assert_eq!(
        shape,
        [(first.id, vec!["rust", "sql"]), (second.id, vec!["orm", "sql"]), (untagged.id, vec![])]
    );

    let by_tag =
        Tag::select().order_by(Tag::LABEL).with(Tag::posts().order_by(Post::TITLE)).all(&*db).await.unwrap();
    let shape: Vec<(&str, Vec<&str>)> = by_tag
        .iter()
        .map(|(t, posts)| (t.label.as_str(), posts.iter().map(|p| p.title.as_str()).collect()))
        .collect();
    assert_eq!(shape, [("orm", vec!["second"]), ("rust", vec!["first"]), ("sql", vec!["first", "second"])]);
}

#[tokio::test]
async fn a_relation_takes_its_own_filter_order_and_per_parent_limit() {
    let db = blog_db().await;
    blog_of_100_users(&db).await;
    let loaded = User::select()
        .filter(User::SCORE.lt(3))
        .order_by(User::SCORE)
        .with(User::posts().filter(Post::PUBLISHED.eq(true)).order_by(Post::ID.desc()).limit(2))
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(loaded.len(), 3);
    for (user, posts) in &loaded {
        let titles: Vec<&str> = posts.iter().map(|p| p.title.as_str()).collect();
        // Published posts are the even ones; the two newest are 8 and 6.
        assert_eq!(titles, [format!("{} post 8", user.name), format!("{} post 6", user.name)]);
    }
}

#[tokio::test]
async fn a_per_parent_limit_may_order_by_the_key_column() {
    let db = blog_db().await;
    blog_of_100_users(&db).await;
    let loaded = User::select()
        .filter(User::SCORE.eq(0))
        .with(User::posts().order_by((Post::AUTHOR_ID, Post::ID.desc())).limit(2))
        .one(&*db)
        .await
        .unwrap();
    let titles: Vec<&str> = loaded.1.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["User 0 post 9", "User 0 post 8"]);
}

#[tokio::test]
async fn combined_relations_and_the_loader_for_fetched_rows() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    insert_post(&db, &bob, "bob's", None).await;
    UserProfile::insert(NewUserProfile { user_id: bob.id, website: "b".into() }).execute(&*db).await.unwrap();

    let both: Vec<(User, Vec<Post>, Option<UserProfile>)> =
        User::select().order_by(User::EMAIL).with((User::posts(), User::profile())).all(&*db).await.unwrap();
    assert_eq!((both[0].1.len(), both[0].2.is_some()), (0, false));
    assert_eq!((both[1].1.len(), both[1].2.is_some()), (1, true));

    let users = [bob.clone(), ada.clone(), bob.clone()];
    let posts: Vec<Vec<Post>> = users.load(User::posts(), &*db).await.unwrap();
    assert_eq!(
        posts.iter().map(Vec::len).collect::<Vec<_>>(),
        [1, 0, 1],
        "aligned with the rows, repeats included"
    );

    let one = User::select().filter(User::ID.eq(bob.id)).with(User::posts()).one(&*db).await.unwrap();
    assert_eq!((one.0, one.1.len()), (bob, 1));
    let none = User::select().filter(User::EMAIL.eq("nobody")).with(User::posts()).first(&*db).await.unwrap();
    assert!(none.is_none());
}

#[tokio::test]
async fn relation_loads_run_on_spawned_tasks() {
    // tokio::spawn (and every axum handler) needs the future to be Send for any
    // lifetime: this does not compile when the loaders lose that.
    let test_db = blog_db().await;
    blog_of_100_users(&test_db).await;
    let db = test_db.db().clone();
    let (nested, loaded) = tokio::spawn(async move {
        let nested = User::select().with(User::posts().with(Post::comments())).all(&db).await?;
        let users = User::select().all(&db).await?;
        let loaded = users.load(User::profile(), &db).await?;
        Ok::<_, Error>((nested, loaded))
    })
    .await
    .expect("the task finishes")
    .expect("the loads succeed");
    assert_eq!(nested.len(), 100);
    assert!(nested.iter().all(|(_, posts)| posts.len() == 10 && posts.iter().all(|(_, c)| c.len() == 10)));
    assert_eq!(loaded.len(), 100);
}
