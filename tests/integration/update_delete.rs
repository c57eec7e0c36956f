//! UPDATE and DELETE: set, patch, returning, and the explicit `.all_rows()`.

use orm::Error;
use orm::prelude::*;

use crate::schema::*;

#[tokio::test]
async fn patch_sets_only_the_given_fields() {
    let db = blog_db().await;
    let mut new = new_user("ada@x.io", "Ada");
    new.bio = Some("old bio".into());
    let ada = User::insert(new).returning().one(&*db).await.unwrap();
    let other = insert_user(&db, "bob@x.io", "Bob").await;

    let patch = UserPatch { name: Some("Ada L.".into()), score: Some(42), ..Default::default() };
    let updated =
        User::update().patch(patch).filter(User::ID.eq(ada.id)).returning().one(&*db).await.unwrap();
    assert_eq!(updated.name, "Ada L.");
    assert_eq!(updated.score, 42);
    assert_eq!(updated.bio.as_deref(), Some("old bio"), "a None field is left alone");
    assert_eq!(updated.email, ada.email);

    let clear_bio = UserPatch { bio: Some(None), ..Default::default() };
    User::update().patch(clear_bio).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    let bio: Option<String> =
        User::select().columns(User::BIO).filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(bio, None, "Some(None) writes NULL");

    let untouched = User::select().filter(User::ID.eq(other.id)).one(&*db).await.unwrap();
    assert_eq!(untouched, other);
}

#[tokio::test]
async fn empty_update_is_refused_before_sending() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let err = User::update()
        .patch(UserPatch::default())
        .filter(User::ID.eq(ada.id))
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::EmptyUpdate { table: "users" }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the UPDATE of `users` sets no column: call `.set(..)` or pass a patch with at least one field"
    );
}

#[tokio::test]
async fn set_on_nullable_and_from_another_column() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    User::update().set(User::BIO, "plain value").filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    User::update().set(User::SCORE, 5).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    let row: (Option<String>, i32) =
        User::select().columns((User::BIO, User::SCORE)).filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(row, (Some("plain value".into()), 5));

    User::update().set(User::BIO, None::<String>).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    User::update().set(User::BIO, User::BIO).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap();
    let bio: Option<String> = User::select().columns(User::BIO).one(&*db).await.unwrap();
    assert_eq!(bio, None);
}

#[tokio::test]
async fn all_rows_updates_and_deletes_everything_on_purpose() {
    let db = blog_db().await;
    for i in 0..3 {
        insert_user(&db, &format!("u{i}@x.io"), "U").await;
    }
    let changed = User::update().set(User::SCORE, 9).all_rows().execute(&*db).await.unwrap();
    assert_eq!(changed, 3);
    let scores: Vec<i32> = User::select().columns(User::SCORE).all(&*db).await.unwrap();
    assert_eq!(scores, [9, 9, 9]);
    let removed = User::delete().all_rows().execute(&*db).await.unwrap();
    assert_eq!(removed, 3);
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
}

#[tokio::test]
async fn delete_returning_and_no_match() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let none = User::delete().filter(User::EMAIL.eq("nobody@x.io")).execute(&*db).await.unwrap();
    assert_eq!(none, 0);
    let removed = User::delete().filter(User::EMAIL.eq("ada@x.io")).returning().all(&*db).await.unwrap();
    assert_eq!(removed, vec![ada]);
}

#[tokio::test]
async fn constraint_violations_change_nothing() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    insert_user(&db, "bob@x.io", "Bob").await;
    let err = User::update()
        .set(User::EMAIL, "bob@x.io")
        .filter(User::ID.eq(ada.id))
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "users_email_key"),
        "{err:?}"
    );
    let err =
        User::update().set(User::SCORE, -1).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, .. } if constraint == "users_score_check"),
        "{err:?}"
    );
    let stored = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(stored, ada);
}

#[test]
fn update_and_delete_render() {
    let id = Uuid::nil();
    assert_eq!(
        User::update().set(User::NAME, "x").set(User::SCORE, 1).filter(User::ID.eq(id)).to_sql(),
        r#"UPDATE "users" SET "name" = $1, "score" = $2 WHERE "users"."id" = $3"#
    );
    assert_eq!(User::delete().all_rows().to_sql(), r#"DELETE FROM "users""#);
}
