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
    assert_eq!(
        User::meta().columns.len(),
        8,
        "the chunk arithmetic below assumes 8 columns"
    );
    let db = blog_db().await;
    let total = USERS_PER_STATEMENT + 50;
    let insert = User::insert_many(numbered_users(0..total));
    assert_eq!(
        insert.to_sql().matches("INSERT INTO").count(),
        2,
        "two statements"
    );
    let inserted = insert.execute(&*db).await.unwrap();
    assert_eq!(inserted, total as u64);
    assert_eq!(User::select().count(&*db).await.unwrap(), total as u64);
    let scores: Vec<i32> = User::select()
        .columns(User::SCORE)
        .order_by(User::SCORE)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(
        scores,
        (0..total as i32).collect::<Vec<_>>(),
        "every row arrived once"
    );
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
    assert_eq!(
        User::select().count(&*db).await.unwrap(),
        0,
        "the first chunk was rolled back"
    );
}

#[tokio::test]
async fn insert_many_returning_and_empty() {
    let db = blog_db().await;
    let tags = Tag::insert_many(["a", "b", "c"].map(|label| NewTag {
        label: label.into(),
        uses: Some(1),
    }))
    .returning()
    .all(&*db)
    .await
    .unwrap();
    assert_eq!(
        tags.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert!(tags.windows(2).all(|w| w[0].id < w[1].id));

    let none = Tag::insert_many(Vec::new()).execute(&*db).await.unwrap();
    assert_eq!(none, 0, "an empty insert sends nothing");
    let none = Tag::insert_many(Vec::new())
        .returning()
        .all(&*db)
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn returning_selected_columns() {
    let db = blog_db().await;
    let (id, label): (i32, String) = Tag::insert(NewTag {
        label: "rust".into(),
        uses: None,
    })
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
    assert!(
        skipped.unwrap().is_none(),
        "nothing returned for a skipped row"
    );
    let any = User::insert(new_user("ada@x.io", "Any"))
        .on_conflict_do_nothing()
        .execute(&*db)
        .await
        .unwrap();
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
    assert_eq!(
        upserted.id, first.id,
        "the existing row was updated, not a new one inserted"
    );
    assert_eq!(upserted.name, "Ada Lovelace");
    assert_eq!(upserted.bio.as_deref(), Some("updated by upsert"));
    assert_eq!(
        upserted.score, 0,
        "columns not named in set keep their value"
    );

    let count = Tag::insert_many(["x", "y"].map(|l| NewTag {
        label: l.into(),
        uses: Some(1),
    }))
    .execute(&*db)
    .await
    .unwrap();
    assert_eq!(count, 2);
    let changed = Tag::insert_many(["x", "z"].map(|l| NewTag {
        label: l.into(),
        uses: Some(5),
    }))
    .on_conflict(Tag::LABEL)
    .do_update()
    .set(Tag::USES, excluded(Tag::USES))
    .execute(&*db)
    .await
    .unwrap();
    assert_eq!(changed, 2, "one updated, one inserted");
    let uses: Vec<(String, i64)> = Tag::select()
        .columns((Tag::LABEL, Tag::USES))
        .order_by(Tag::LABEL)
        .all(&*db)
        .await
        .unwrap();
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
    assert!(
        matches!(err, Error::EmptyUpdate { table: "users" }),
        "{err:?}"
    );
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
}

#[test]
fn on_conflict_renders_target_and_action() {
    let sql = Tag::insert(NewTag {
        label: "x".into(),
        uses: None,
    })
    .on_conflict(Tag::LABEL)
    .do_update()
    .set(Tag::USES, excluded(Tag::USES))
    .to_sql();
    assert_eq!(
        sql,
        r#"INSERT INTO "tags" ("label", "uses") VALUES ($1, DEFAULT) ON CONFLICT ("label") DO UPDATE SET "uses" = EXCLUDED."uses""#
    );
}
