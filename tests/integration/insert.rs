//! INSERT: returning, ON CONFLICT, and insert_many across the 65,535-parameter chunk boundary.

use orm::prelude::*;
use orm::{Error, Table};

use crate::schema::*;

/// Rows of `users` that fit in one statement: 65,535 parameters / 8 insertable columns.
const USERS_PER_STATEMENT: usize = 65_535 / 8;

fn numbered_users(range: std::ops::Range<usize>) -> impl Iterator<Item = NewUser> {
    range.map(|i| {
        let mut new = new_user(&format!("user{i}@x.io"), &format!("User {i}"));
        new.id = Some(Uuid::new_v4());
        new.score = Some(i as i32);
        new.role = Some(Role::Guest);
        new.created_at = Some(Utc::now());
        new.bio = Some(format!("bio {i}"));
        new
    })
}

#[tokio::test]
async fn insert_many_crosses_the_parameter_limit_in_chunks() {
    assert_eq!(User::meta().columns.len(), 8, "the chunk arithmetic below assumes 8 columns");
    let db = blog_db().await;
    let total = USERS_PER_STATEMENT + 50;
    let insert = User::insert_many(numbered_users(0..total));
    assert_eq!(insert.to_sql().matches("INSERT INTO").count(), 2, "two statements");
    let inserted = insert.execute(&*db).await.unwrap();
    assert_eq!(inserted, total as u64);
    assert_eq!(User::select().count(&*db).await.unwrap(), total as u64);
    let scores: Vec<i32> = User::select().columns(User::SCORE).order_by(User::SCORE).all(&*db).await.unwrap();
    assert_eq!(scores, (0..total as i32).collect::<Vec<_>>(), "every row arrived once");
}

#[tokio::test]
async fn insert_many_is_all_or_nothing_across_chunks() {
    let db = blog_db().await;
    let mut rows: Vec<NewUser> = numbered_users(0..USERS_PER_STATEMENT + 10).collect();
    // The last row, in the second statement, repeats an email of the first statement.
    rows.last_mut().unwrap().email = "user0@x.io".into();
    let err = User::insert_many(rows).execute(&*db).await.unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "users_email_key"),
        "{err:?}"
    );
    assert_eq!(User::select().count(&*db).await.unwrap(), 0, "the first chunk was rolled back");
}

#[tokio::test]
async fn insert_many_returning_and_empty() {
    let db = blog_db().await;
    let tags = Tag::insert_many(["a", "b", "c"].map(|label| NewTag { label: label.into(), uses: Some(1) }))
        .returning()
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(tags.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    assert!(tags.windows(2).all(|w| w[0].id < w[1].id));

    let none = Tag::insert_many(Vec::new()).execute(&*db).await.unwrap();
    assert_eq!(none, 0, "an empty insert sends nothing");
    let none = Tag::insert_many(Vec::new()).returning().all(&*db).await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn returning_selected_columns() {
    let db = blog_db().await;
    let (id, label): (i32, String) = Tag::insert(NewTag { label: "rust".into(), uses: None })
        .returning()
        .columns((Tag::ID, Tag::LABEL))
        .one(&*db)
        .await
        .unwrap();
    assert_eq!(label, "rust");
    assert_eq!(Tag::select().columns(Tag::ID).one(&*db).await.unwrap(), id);
}

#[tokio::test]
async fn on_conflict_do_nothing() {
    let db = blog_db().await;
    let first = insert_user(&db, "ada@x.io", "Ada").await;
    let inserted = User::insert(new_user("ada@x.io", "Someone else"))
        .on_conflict(User::EMAIL)
        .do_nothing()
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(inserted, 0);
    let skipped = User::insert(new_user("ada@x.io", "Again"))
        .on_conflict(User::EMAIL)
        .do_nothing()
        .returning()
        .first(&*db)
        .await;
    assert!(skipped.unwrap().is_none(), "nothing returned for a skipped row");
    let any = User::insert(new_user("ada@x.io", "Any")).on_conflict_do_nothing().execute(&*db).await.unwrap();
    assert_eq!(any, 0);
    let stored = User::select().one(&*db).await.unwrap();
    assert_eq!(stored, first, "the existing row is untouched");
}

#[tokio::test]
async fn on_conflict_do_update_with_excluded() {
    let db = blog_db().await;
    let first = insert_user(&db, "ada@x.io", "Ada").await;
    let mut again = new_user("ada@x.io", "Ada Lovelace");
    again.score = Some(7);
    let upserted = User::insert(again)
        .on_conflict(User::EMAIL)
        .do_update()
        .set(User::NAME, excluded(User::NAME))
        .set(User::BIO, "updated by upsert")
        .returning()
        .one(&*db)
        .await
        .unwrap();
    assert_eq!(upserted.id, first.id, "the existing row was updated, not a new one inserted");
    assert_eq!(upserted.name, "Ada Lovelace");
    assert_eq!(upserted.bio.as_deref(), Some("updated by upsert"));
    assert_eq!(upserted.score, 0, "columns not named in set keep their value");

    let count = Tag::insert_many(["x", "y"].map(|l| NewTag { label: l.into(), uses: Some(1) }))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(count, 2);
    let changed = Tag::insert_many(["x", "z"].map(|l| NewTag { label: l.into(), uses: Some(5) }))
        .on_conflict(Tag::LABEL)
        .do_update()
        .set(Tag::USES, excluded(Tag::USES))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(changed, 2, "one updated, one inserted");
    let uses: Vec<(String, i64)> =
        Tag::select().columns((Tag::LABEL, Tag::USES)).order_by(Tag::LABEL).all(&*db).await.unwrap();
    assert_eq!(uses, [("x".into(), 5), ("y".into(), 1), ("z".into(), 5)]);
}

#[tokio::test]
async fn do_update_without_set_is_refused_before_sending() {
    let db = blog_db().await;
    let err = User::insert(new_user("a@x.io", "A"))
        .on_conflict(User::EMAIL)
        .do_update()
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::EmptyUpdate { table: "users" }), "{err:?}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
}

#[test]
fn on_conflict_renders_target_and_action() {
    let sql = Tag::insert(NewTag { label: "x".into(), uses: None })
        .on_conflict(Tag::LABEL)
        .do_update()
        .set(Tag::USES, excluded(Tag::USES))
        .to_sql();
    assert_eq!(
        sql,
        r#"INSERT INTO "tags" ("label", "uses") VALUES ($1, DEFAULT) ON CONFLICT ("label") DO UPDATE SET "uses" = EXCLUDED."uses""#
    );
}

#[tokio::test]
async fn large_inserts_of_varying_size_do_not_grow_the_statement_cache() {
    let test_db = blog_db().await;
    let db = test_db.builder().max_size(1).connect().await.unwrap();
    for n in 0..6 {
        // 400 + n rows of 8 columns: each text is over 16 KiB and differs from the last.
        let start = n * 1_000;
        User::insert_many(numbered_users(start..start + 400 + n)).execute(&db).await.unwrap();
    }
    User::select().filter(User::SCORE.gt(0)).count(&db).await.unwrap();
    let client = db.pool().get().await.unwrap();
    let prepared = client.query("SELECT statement FROM pg_prepared_statements", &[]).await.unwrap();
    let texts: Vec<String> = prepared.iter().map(|row| row.get(0)).collect();
    assert!(!texts.iter().any(|t| t.starts_with("INSERT")), "no large insert stays prepared: {texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("SELECT count(*)")), "small statements are cached: {texts:?}");
}

#[tokio::test]
async fn bound_upsert_values_are_reserved_in_the_chunk_arithmetic() {
    // `tags` inserts 2 columns; with 2 bound values in DO UPDATE, a chunk holds
    // (65,535 - 2) / 2 = 32,766 rows, one fewer than without them.
    let db = blog_db().await;
    let rows = 32_767;
    let upsert = Tag::insert_many((0..rows).map(|i| NewTag { label: format!("t{i}"), uses: Some(1) }))
        .on_conflict(Tag::LABEL)
        .do_update()
        .set(Tag::USES, 7_i64)
        .set(Tag::LABEL, "renamed");
    assert_eq!(
        upsert.to_sql().matches("INSERT INTO").count(),
        2,
        "the reserved parameters push one row into a second statement"
    );
    let upsert_then = upsert.execute(&*db).await.unwrap();
    assert_eq!(upsert_then, rows as u64);
}

#[tokio::test]
async fn composite_conflict_target() {
    let db = blog_db().await;
    let author = insert_user(&db, "a@x.io", "A").await;
    let post = insert_post(&db, &author, "p", None).await;
    let tag = Tag::insert(NewTag { label: "t".into(), uses: None }).returning().one(&*db).await.unwrap();
    for _ in 0..2 {
        PostTag::insert(NewPostTag { post_id: post.id, tag_id: tag.id })
            .on_conflict((PostTag::POST_ID, PostTag::TAG_ID))
            .do_nothing()
            .execute(&*db)
            .await
            .unwrap();
    }
    assert_eq!(PostTag::select().count(&*db).await.unwrap(), 1);
}

#[test]
fn insert_and_patch_structs_debug_clone_and_default_as_derives_would() {
    let new = NewPost {
        author_id: Uuid::nil(),
        editor_id: None,
        title: "t".to_owned(),
        body: "b".to_owned(),
        published: Some(true),
        rating: Some(4.5),
    };
    // The identity `id` is not a field; the others print as `#[derive(Debug)]` prints them.
    let expected = "NewPost { author_id: 00000000-0000-0000-0000-000000000000, editor_id: None, \
                    title: \"t\", body: \"b\", published: Some(true), rating: Some(4.5) }";
    assert_eq!(format!("{new:?}"), expected);
    assert_eq!(format!("{:?}", new.clone()), expected);
    assert_eq!(format!("{new:#?}").lines().nth(3), Some("    title: \"t\","));

    let patch = PostPatch { title: Some("u".to_owned()), ..Default::default() };
    let expected = "PostPatch { author_id: None, editor_id: None, title: Some(\"u\"), body: None, \
                    published: None, rating: None }";
    assert_eq!(format!("{:?}", patch.clone()), expected);
}
