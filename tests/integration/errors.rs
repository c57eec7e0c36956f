//! Every `orm::Error` variant, produced by the real server and asserted with the
//! constraint or column it names; decoding mistakes are errors, never panics.

use std::error::Error as _;
use std::time::Duration;

use orm::prelude::*;
use orm::{Error, Isolation};

use crate::schema::*;

#[tokio::test]
async fn constraint_violations_name_their_constraint_or_column() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;

    let err = User::insert(new_user("ada@x.io", "Again")).execute(&*db).await.unwrap_err();
    let Error::UniqueViolation { constraint, .. } = &err else { panic!("{err:?}") };
    assert_eq!(constraint, "users_email_key");
    assert!(err.server_error().is_some(), "the server's error is kept");
    assert!(err.source().is_none(), "but not as the source, which reporters print");

    let orphan = NewPost {
        author_id: Uuid::nil(),
        editor_id: None,
        title: "t".into(),
        body: "b".into(),
        published: None,
        rating: None,
    };
    let err = Post::insert(orphan).execute(&*db).await.unwrap_err();
    let Error::ForeignKeyViolation { constraint, .. } = &err else { panic!("{err:?}") };
    assert_eq!(constraint, "posts_author_id_fkey");

    let err =
        User::update().set(User::SCORE, -5).filter(User::ID.eq(ada.id)).execute(&*db).await.unwrap_err();
    let Error::CheckViolation { constraint, .. } = &err else { panic!("{err:?}") };
    assert_eq!(constraint, "users_score_check");

    let err = sql!("INSERT INTO users (email, name, metadata) VALUES (NULL, 'n', '{{}}')")
        .execute(&*db)
        .await
        .unwrap_err();
    let Error::NotNullViolation { column, .. } = &err else { panic!("{err:?}") };
    assert_eq!(column, "email");
    assert_eq!(err.to_string(), "column `email` cannot be NULL");
}

#[tokio::test]
async fn not_found_and_too_many() {
    let db = blog_db().await;
    let err = sql!("SELECT 1 WHERE false").fetch_one::<i32, _>(&*db).await.unwrap_err();
    assert!(matches!(err, Error::NotFound), "{err:?}");
    let err = sql!("SELECT generate_series(1, 3)").fetch_one::<i32, _>(&*db).await.unwrap_err();
    assert!(matches!(err, Error::TooMany { count: 3 }), "{err:?}");
    let err = sql!("SELECT generate_series(1, 2)").fetch_optional::<i32, _>(&*db).await.unwrap_err();
    assert!(matches!(err, Error::TooMany { count: 2 }), "{err:?}");
}

#[tokio::test]
async fn decoding_null_or_a_wrong_type_is_a_decode_error() {
    let db = blog_db().await;
    let err = sql!("SELECT NULL::text AS nickname").fetch_one::<String, _>(&*db).await.unwrap_err();
    let Error::Decode { column, expected, found, .. } = &err else { panic!("{err:?}") };
    assert_eq!((column.as_str(), *expected, found.as_str()), ("nickname", "alloc::string::String", "NULL"));

    let err = sql!("SELECT 42::int4 AS answer").fetch_one::<String, _>(&*db).await.unwrap_err();
    let Error::Decode { column, found, .. } = &err else { panic!("{err:?}") };
    assert_eq!((column.as_str(), found.as_str()), ("answer", "int4"));
    assert_eq!(err.to_string(), "cannot decode column `answer` of type `int4` into `alloc::string::String`");

    insert_user(&db, "ada@x.io", "Ada").await;
    let err = sql!(
        "SELECT id, email, name, NULL::text AS bio, 'member'::user_role AS role, NULL::int4 AS score, metadata, created_at FROM users"
    )
    .fetch_one::<User, _>(&*db)
    .await
    .unwrap_err();
    let Error::Decode { column, found, .. } = &err else { panic!("{err:?}") };
    assert_eq!((column.as_str(), found.as_str()), ("score", "NULL"), "NULL into the non-Option `score`");

    let err = sql!("SELECT 'admin'::text").fetch_one::<Role, _>(&*db).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "text is not the enum type: {err:?}");
}

#[tokio::test]
async fn a_decode_error_midway_through_a_result_leaves_the_session_in_step() {
    let db = blog_db().await;
    for i in 0..50 {
        insert_user(&db, &format!("u{i}@x.io"), &format!("U{i}")).await;
    }
    // The database now allows what the struct does not: one NULL name among many rows.
    db.batch_execute(
        "ALTER TABLE users ALTER COLUMN name DROP NOT NULL; UPDATE users SET name = NULL WHERE email = 'u25@x.io'",
    )
    .await
    .unwrap();
    let conn = db.db().connection().await.unwrap();
    for _ in 0..3 {
        let err = User::select().order_by(User::EMAIL).all(&conn).await.unwrap_err();
        assert!(matches!(&err, Error::Decode { column, .. } if column == "name"), "{err:?}");
        // Rows decode as they arrive, so reading stopped midway: the next statement on
        // the same session still gets its own answer.
        assert_eq!(User::select().count(&conn).await.unwrap(), 50);
    }
    let tx_count = conn
        .transaction(async |tx| {
            let err = User::select().all(tx).await.unwrap_err();
            assert!(matches!(err, Error::Decode { .. }));
            User::select().count(tx).await
        })
        .await
        .unwrap();
    assert_eq!(tx_count, 50, "a decode error does not abort the transaction");
}

#[tokio::test]
async fn a_serializable_conflict_is_a_serialization_failure() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let outcome = db
        .transaction_with(Isolation::Serializable, async |tx| {
            User::select().columns(User::SCORE).filter(User::ID.eq(ada.id)).one(tx).await?;
            // Another session changes the row after this transaction took its snapshot.
            User::update().set(User::SCORE, 1).filter(User::ID.eq(ada.id)).execute(&*db).await?;
            User::update().set(User::SCORE, 2).filter(User::ID.eq(ada.id)).execute(tx).await
        })
        .await;
    let err = outcome.unwrap_err();
    assert!(matches!(err, Error::SerializationFailure { .. }), "{err:?}");
    let score: i32 = User::select().columns(User::SCORE).one(&*db).await.unwrap();
    assert_eq!(score, 1, "the failed transaction changed nothing");
}

#[tokio::test]
async fn crossing_locks_are_a_deadlock() {
    let db = blog_db().await;
    let a = insert_user(&db, "a@x.io", "A").await;
    let b = insert_user(&db, "b@x.io", "B").await;
    let lock_both = |first: Uuid, second: Uuid| {
        let db = db.db().clone();
        async move {
            db.transaction(async |tx| {
                User::update().set(User::SCORE, 1).filter(User::ID.eq(first)).execute(tx).await?;
                tokio::time::sleep(Duration::from_millis(200)).await;
                User::update().set(User::SCORE, 2).filter(User::ID.eq(second)).execute(tx).await
            })
            .await
        }
    };
    let (one, two) = tokio::join!(lock_both(a.id, b.id), lock_both(b.id, a.id));
    let deadlocks = [&one, &two].iter().filter(|r| matches!(r, Err(Error::Deadlock { .. }))).count();
    assert_eq!(deadlocks, 1, "the server breaks the cycle by aborting one: {one:?} {two:?}");
    assert!(one.is_ok() || two.is_ok(), "the other one commits");
}

#[tokio::test]
async fn server_detail_stays_out_of_error_messages() {
    let db = blog_db().await;
    let err = db
        .batch_execute("DO $$ BEGIN RAISE EXCEPTION 'refused' USING DETAIL = 'card 4111-1111', HINT = 'try again'; END $$")
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("refused") && message.contains("try again"), "{message}");
    assert!(!message.contains("4111"), "DETAIL may hold values: {message}");

    let err = sql!("SELECT NULL::int4 AS n").fetch_one::<Option<String>, _>(&*db).await.unwrap_err();
    let Error::Decode { found, .. } = &err else { panic!("{err:?}") };
    assert_eq!(found, "int4", "a type mismatch is reported as one, even for NULL");
}
