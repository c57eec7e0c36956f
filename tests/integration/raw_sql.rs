//! Raw SQL through `sql!`: every `{}` is a bind parameter; results decode into
//! derived tables, column types and tuples.

use orm::prelude::*;
use orm::{Error, Sql};

use crate::schema::*;

#[tokio::test]
async fn sql_binds_values_and_decodes_tables_tuples_and_scalars() {
    let db = blog_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    insert_user(&db, "bob@x.io", "Bob").await;

    let users: Vec<User> = sql!(
        "SELECT id, email, name, bio, role, score, metadata, created_at FROM users WHERE email LIKE {} ORDER BY email",
        "%@x.io"
    )
    .fetch_all(&*db)
    .await
    .unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(users[0], ada);

    let pair: (Uuid, String) =
        sql!("SELECT id, name FROM users WHERE email = {}", "ada@x.io").fetch_one(&*db).await.unwrap();
    assert_eq!(pair, (ada.id, "Ada".to_owned()));

    let count: i64 = sql!("SELECT count(*) FROM users WHERE score >= {} AND role = {}", 0, Role::Member)
        .fetch_one(&*db)
        .await
        .unwrap();
    assert_eq!(count, 2);

    let missing: Option<String> =
        sql!("SELECT name FROM users WHERE email = {}", "nobody").fetch_optional(&*db).await.unwrap();
    assert_eq!(missing, None);

    let changed = sql!("UPDATE users SET bio = {} WHERE id = ANY({})", "set by sql!", vec![ada.id])
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(changed, 1);
    let bio: Option<String> =
        User::select().columns(User::BIO).filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(bio.as_deref(), Some("set by sql!"));
}

#[tokio::test]
async fn hostile_values_through_sql_stay_values() {
    let db = blog_db().await;
    let hostile = "'; DROP TABLE users; --";
    let echoed: String = sql!("SELECT {}::text", hostile).fetch_one(&*db).await.unwrap();
    assert_eq!(echoed, hostile);
    let query = sql!("SELECT * FROM users WHERE name = {} AND bio = {}", hostile, String::from("x"));
    assert_eq!(query.to_sql(), "SELECT * FROM users WHERE name = $1 AND bio = $2");
    assert_eq!(User::select().count(&*db).await.unwrap(), 0, "the table is still there");
}

#[tokio::test]
async fn braces_are_escaped_by_doubling() {
    let db = blog_db().await;
    let arr: Vec<i32> = sql!("SELECT '{{1,2,3}}'::int4[] || {}", vec![4]).fetch_one(&*db).await.unwrap();
    assert_eq!(arr, [1, 2, 3, 4]);
}

#[tokio::test]
async fn raw_unchecked_sends_trusted_text_with_numbered_binds() {
    let db = blog_db().await;
    insert_user(&db, "ada@x.io", "Ada").await;
    let table = "users"; // chosen by the program, never by a user
    let names: Vec<String> = Sql::raw_unchecked(format!("SELECT name FROM {table} WHERE email = $1"))
        .bind("ada@x.io")
        .fetch_all(&*db)
        .await
        .unwrap();
    assert_eq!(names, ["Ada"]);
    let err = Sql::raw_unchecked("SELEKT 1").execute(&*db).await.unwrap_err();
    assert!(matches!(err, Error::Db(_)) && err.to_string().contains("syntax error"), "{err}");
}

#[tokio::test]
async fn sql_runs_inside_transactions() {
    let db = blog_db().await;
    let outcome = db
        .transaction(async |tx| {
            sql!("INSERT INTO tags (label) VALUES ({})", "in tx").execute(tx).await?;
            Err::<(), _>(Error::NotFound)
        })
        .await;
    assert!(outcome.is_err());
    let count: i64 = sql!("SELECT count(*) FROM tags").fetch_one(&*db).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn raw_sql_cannot_control_transactions() {
    let db = blog_db().await;
    for text in ["BEGIN", "commit", "  ROLLBACK", "/* hidden */ savepoint x", "START TRANSACTION"] {
        let err = Sql::raw_unchecked(text).execute(&*db).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRawSql(_)), "{text}: {err:?}");
    }
    let err = sql!("SELECT {}::int4", 1).bind(2).execute(&*db).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRawSql(_)), "bind belongs to raw_unchecked: {err:?}");
}

#[tokio::test]
async fn raw_results_must_have_the_columns_the_target_decodes() {
    let db = blog_db().await;
    insert_user(&db, "ada@x.io", "Ada").await;
    let err = sql!("SELECT id, name, email, bio, role, score, metadata, created_at FROM users")
        .fetch_one::<User, _>(&*db)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::ResultShape { target: "users", .. }), "{err:?}");
    assert!(err.to_string().contains("expected column `email`, found `name`"), "{err}");

    let err = sql!("SELECT 1::int4, 2::int4, 3::int4").fetch_one::<(i32,), _>(&*db).await.unwrap_err();
    assert!(matches!(&err, Error::ResultShape { .. }), "{err:?}");
    assert!(err.to_string().contains("expected 1 columns, found 3 columns"), "{err}");
}
