//! The axum example (`examples/axum_service/app.rs`) called in-process with
//! `tower::ServiceExt::oneshot` on a migrated database of its own: every route, and
//! every status `orm::Error` maps to.

#[allow(dead_code)]
#[path = "../../examples/axum_service/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../../examples/blog/schema.rs"]
mod blog;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use orm::prelude::*;
use orm::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::tracing_spans::Recorder;
use blog::{Comment, NewComment, NewPost, NewProfile, NewUser, Post, Profile, User};

/// A fresh database with the blog's committed migrations applied, as the service does at start-up.
async fn migrated_db() -> TestDb {
    let db = TestDb::new().await;
    orm_migrate::embed_migrations!("migrations").run(&db).await.expect("the blog migrations apply");
    db
}

/// One request through a fresh router on `db`: the status, headers and body text.
async fn call_raw(db: &Db, method: Method, uri: &str, body: Option<Value>) -> (StatusCode, Response) {
    let request = Request::builder().method(method).uri(uri);
    let request = match body {
        Some(body) => {
            request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string()))
        }
        None => request.body(Body::empty()),
    }
    .expect("a valid request");
    let response = app::router(db.clone()).oneshot(request).await.expect("the router is infallible");
    let status = response.status();
    let retry_after = response.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.expect("the body reads").to_bytes();
    (status, Response { text: String::from_utf8(bytes.to_vec()).expect("a UTF-8 body"), retry_after })
}

/// What a test looks at in a response besides its status.
struct Response {
    text: String,
    retry_after: Option<String>,
}

/// One request; the body parsed as JSON (`null` when empty).
async fn call(db: &Db, method: Method, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (status, response) = call_raw(db, method, uri, body).await;
    if response.text.is_empty() {
        return (status, Value::Null);
    }
    let json = serde_json::from_str(&response.text)
        .unwrap_or_else(|err| panic!("{status}: the body is not JSON ({err}): {}", response.text));
    (status, json)
}

fn new_user(email: &str, name: &str) -> NewUser {
    NewUser {
        id: None,
        email: email.to_owned(),
        name: name.to_owned(),
        bio: None,
        role: None,
        metadata: None,
        created_at: None,
    }
}

async fn insert_user(db: &Db, email: &str, name: &str) -> User {
    User::insert(new_user(email, name)).returning().one(db).await.unwrap()
}

async fn insert_post(db: &Db, author: &User, slug: &str) -> Post {
    let new = NewPost {
        author_id: author.id,
        slug: slug.to_owned(),
        title: slug.to_uppercase(),
        body: "body".into(),
        published: None,
        created_at: None,
    };
    Post::insert(new).returning().one(db).await.unwrap()
}

async fn insert_comments(db: &Db, post: &Post, author: &User, count: usize) {
    for n in 0..count {
        let new = NewComment {
            id: Uuid::new_v4(),
            post_id: post.id,
            author_id: author.id,
            body: format!("comment {n} on {}", post.slug),
            created_at: None,
        };
        Comment::insert(new).execute(db).await.unwrap();
    }
}

/// The `field` of every user in a list response.
fn field_of_users(page: &Value, field: &str) -> Vec<String> {
    page["users"]
        .as_array()
        .expect("a users array")
        .iter()
        .map(|u| u[field].as_str().unwrap().to_owned())
        .collect()
}

/// The `error` of an error body.
fn error_of(body: &Value) -> &str {
    body["error"].as_str().unwrap_or_else(|| panic!("no `error` string in {body}"))
}

#[tokio::test]
async fn list_pages_in_email_order_caps_the_page_size_and_filters_name_or_email() {
    let db = migrated_db().await;
    let mut users: Vec<NewUser> =
        (0..25).map(|n| new_user(&format!("user{n:02}@x.io"), &format!("User {n}"))).collect();
    users.push(new_user("lovelace@engine.org", "Ada Lovelace"));
    users.push(new_user("grace.ADA@navy.mil", "Grace"));
    users.push(new_user("pct@x.io", "100% Rust"));
    User::insert_many(users).execute(&*db).await.unwrap();
    let mut all_emails: Vec<String> = User::select().columns(User::EMAIL).all(&*db).await.unwrap();
    all_emails.sort();

    let (status, first) = call(&db, Method::GET, "/users", None).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!((&first["page"], &first["per_page"], &first["total"]), (&json!(1), &json!(20), &json!(28)));
    assert_eq!(field_of_users(&first, "email"), all_emails[..20]);

    let (status, second) = call(&db, Method::GET, "/users?page=2&per_page=20", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(field_of_users(&second, "email"), all_emails[20..], "page 2 holds the other 8");
    assert_eq!(second["total"], 28);

    let (_, beyond) = call(&db, Method::GET, "/users?page=9", None).await;
    assert_eq!((field_of_users(&beyond, "email").len(), &beyond["total"]), (0, &json!(28)));

    let (status, huge) = call(&db, Method::GET, &format!("/users?page={}", u64::MAX), None).await;
    assert_eq!((status, field_of_users(&huge, "email").len()), (StatusCode::OK, 0), "the offset saturates");

    let (_, capped) = call(&db, Method::GET, "/users?per_page=1000", None).await;
    assert_eq!((&capped["per_page"], field_of_users(&capped, "email").len()), (&json!(100), 28));

    let (status, ada) = call(&db, Method::GET, "/users?q=aDa", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(field_of_users(&ada, "name"), ["Grace", "Ada Lovelace"], "by email: grace.ADA@ < lovelace@");
    assert_eq!(ada["total"], 2);

    let (_, paged) = call(&db, Method::GET, "/users?q=user1&per_page=3&page=2", None).await;
    assert_eq!(field_of_users(&paged, "email"), ["user13@x.io", "user14@x.io", "user15@x.io"]);
    assert_eq!(paged["total"], 10, "user10..user19");

    // `%` and `_` in q are literal text, not LIKE wildcards.
    let (_, percent) = call(&db, Method::GET, "/users?q=%25", None).await;
    assert_eq!(field_of_users(&percent, "name"), ["100% Rust"]);
    let (_, underscore) = call(&db, Method::GET, "/users?q=_", None).await;
    assert_eq!(underscore["total"], 0);

    let (status, body) = call(&db, Method::GET, "/users?page=one", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "axum's own rejection of a malformed query");
    assert!(error_of(&body).contains("page"), "{body}");
}

#[tokio::test]
async fn get_nests_the_profile_and_the_posts_with_their_comments_in_four_statements() {
    let db = migrated_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    Profile::insert(NewProfile {
        user_id: ada.id,
        website: Some("https://ada.example".into()),
        location: Some("London".into()),
        birthday: None,
    })
    .execute(&*db)
    .await
    .unwrap();
    let mut slugs = Vec::new();
    for (slug, comments) in [("engine", 2), ("notes", 0), ("poetry", 3)] {
        let post = insert_post(&db, &ada, slug).await;
        insert_comments(&db, &post, &bob, comments).await;
        slugs.push(slug);
    }
    let bobs = insert_post(&db, &bob, "bobs-post").await;
    insert_comments(&db, &bobs, &ada, 4).await;

    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    let (status, body) = call(&db, Method::GET, &format!("/users/{}", ada.id), None).await;
    drop(guard);
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        recorder.statements().len(),
        4,
        "user, profile, posts, comments: {:#?}",
        recorder.statements()
    );

    assert_eq!(
        (&body["id"], &body["email"], &body["name"]),
        (&json!(ada.id), &json!("ada@x.io"), &json!("Ada"))
    );
    assert_eq!(body["profile"]["location"], "London");
    let posts = body["posts"].as_array().unwrap();
    let shape: Vec<(&str, usize)> = posts
        .iter()
        .map(|p| (p["slug"].as_str().unwrap(), p["comments"].as_array().unwrap().len()))
        .collect();
    assert_eq!(shape, [("engine", 2), ("notes", 0), ("poetry", 3)], "Bob's post and its comments stay out");
    for post in posts {
        for comment in post["comments"].as_array().unwrap() {
            assert_eq!(comment["post_id"], post["id"]);
            assert_eq!(comment["author_id"], json!(bob.id));
        }
    }

    // The same answer as the nested relation load run directly.
    let (user, profile, loaded) = User::select()
        .filter(User::ID.eq(ada.id))
        .with((
            User::profile(),
            User::posts()
                .order_by(Post::ID)
                .with(Post::comments().order_by((Comment::CREATED_AT, Comment::ID))),
        ))
        .one(&*db)
        .await
        .unwrap();
    let posts = loaded.into_iter().map(|(post, comments)| app::PostDetail { post, comments }).collect();
    assert_eq!(body, serde_json::to_value(app::UserDetail { user, profile, posts }).unwrap());

    let (status, bob_body) = call(&db, Method::GET, &format!("/users/{}", bob.id), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&bob_body["profile"], bob_body["posts"].as_array().unwrap().len()), (&Value::Null, 1));
}

#[tokio::test]
async fn create_answers_201_with_the_stored_user() {
    let db = migrated_db().await;
    let (status, created) =
        call(&db, Method::POST, "/users", Some(json!({"email": "ada@x.io", "name": "Ada"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        (&created["role"], &created["bio"], &created["metadata"]),
        (&json!("member"), &Value::Null, &json!({}))
    );
    let stored = User::select().one(&*db).await.unwrap();
    assert_eq!(created, serde_json::to_value(&stored).unwrap(), "the response is the stored row");

    let (status, admin) = call(
        &db,
        Method::POST,
        "/users",
        Some(json!({"email": "grace@x.io", "name": "Grace", "bio": "Admiral", "role": "admin"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!((&admin["role"], &admin["bio"]), (&json!("admin"), &json!("Admiral")));
    assert_eq!(User::select().count(&*db).await.unwrap(), 2);

    let (status, body) =
        call(&db, Method::POST, "/users", Some(json!({"email": "x@x.io", "name": "X", "admin": true}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    assert_eq!(field_codes(&body), [("admin", "unknown_field")]);
    assert!(error_of(&body).contains("unknown field `admin`"), "{body}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 2);
}

/// `(field, code)` of every entry of a 422 body's `fields`.
fn field_codes(body: &Value) -> Vec<(&str, &str)> {
    let fields = body["fields"].as_array().unwrap_or_else(|| panic!("no `fields` array in {body}"));
    fields.iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect()
}

/// POSTs `body` to /users, expecting a 422 that lists field errors and inserts nothing.
async fn refused_create(db: &TestDb, body: Value) -> Value {
    let (status, response) = call(db, Method::POST, "/users", Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{response}");
    assert_eq!(User::select().count(&**db).await.unwrap(), 0, "no row was inserted");
    response
}

#[tokio::test]
async fn a_too_long_email_is_422_with_the_field_before_any_round_trip() {
    let db = migrated_db().await;
    // 254 characters fit the column; 255 do not. Counted in characters: `é` is two bytes.
    let email = |len: usize| format!("{}@x.io", "é".repeat(len - 5));
    let body = refused_create(&db, json!({"email": email(255), "name": "Ada"})).await;
    assert_eq!(
        body["fields"],
        json!([{"field": "email", "code": "too_long", "message": "`email` is 255 characters long; at most 254 fit"}])
    );
    assert_eq!(error_of(&body), "invalid field `email`: `email` is 255 characters long; at most 254 fit");
    let (builder, trips) = db.counting_round_trips().await;
    let counted = builder.max_size(1).build().unwrap();
    drop(counted.connection().await.unwrap()); // the handshake counts too
    trips.take();
    let (status, _) =
        call(&counted, Method::POST, "/users", Some(json!({"email": email(255), "name": "Ada"}))).await;
    assert_eq!(
        (status, trips.take()),
        (StatusCode::UNPROCESSABLE_ENTITY, 0),
        "refused before any round trip"
    );

    let (status, created) =
        call(&db, Method::POST, "/users", Some(json!({"email": email(254), "name": "Ada"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let too_long = new_user(&email(255), "Ada");
    let err = User::insert(too_long).execute(&*db).await.unwrap_err();
    assert!(err.to_string().contains("value too long for type character varying(254)"), "{err}");
}

#[tokio::test]
async fn a_missing_required_field_is_422_listing_every_invalid_field() {
    let db = migrated_db().await;
    let body = refused_create(&db, json!({"email": "x@x.io"})).await;
    assert_eq!(
        body["fields"],
        json!([{"field": "name", "code": "required", "message": "`name` is missing: the column is NOT NULL"}])
    );
    let body = refused_create(&db, json!({"email": "not an email", "name": null, "bio": 7})).await;
    assert_eq!(
        field_codes(&body),
        [("email", "custom"), ("name", "required"), ("bio", "invalid_type")],
        "every field at once, in field order"
    );
    assert!(error_of(&body).starts_with("3 invalid fields: `email`: "), "{body}");
}

#[tokio::test]
async fn an_invalid_role_label_is_422_naming_the_labels() {
    let db = migrated_db().await;
    let body = refused_create(&db, json!({"email": "ada@x.io", "name": "Ada", "role": "boss"})).await;
    assert_eq!(
        body["fields"],
        json!([{
            "field": "role",
            "code": "invalid_label",
            "message": "`role` cannot be `boss`; expected one of: `admin`, `member`"
        }])
    );
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let (status, body) =
        call(&db, Method::PATCH, &format!("/users/{}", ada.id), Some(json!({"email": "ada"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a patch is validated too");
    assert_eq!(field_codes(&body), [("email", "custom")]);
    let stored = User::select().one(&*db).await.unwrap();
    assert_eq!(stored.email, "ada@x.io", "unchanged");
}

#[tokio::test]
async fn patch_changes_only_the_given_fields_and_an_empty_patch_is_422() {
    let db = migrated_db().await;
    let mut new = new_user("ada@x.io", "Ada");
    new.bio = Some("Analyst".into());
    let ada = User::insert(new).returning().one(&*db).await.unwrap();
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    let uri = format!("/users/{}", ada.id);

    let (status, patched) =
        call(&db, Method::PATCH, &uri, Some(json!({"name": "Ada L.", "role": "admin"}))).await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    let stored = User::select().filter(User::ID.eq(ada.id)).one(&*db).await.unwrap();
    assert_eq!(patched, serde_json::to_value(&stored).unwrap());
    let expected = User { name: "Ada L.".into(), role: blog::Role::Admin, ..ada.clone() };
    assert_eq!(stored, expected, "email, bio, metadata and created_at are untouched");

    let (status, cleared) = call(&db, Method::PATCH, &uri, Some(json!({"bio": null}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&cleared["bio"], &cleared["name"]),
        (&Value::Null, &json!("Ada L.")),
        "null clears, absent keeps"
    );

    let (status, body) = call(&db, Method::PATCH, &uri, Some(json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), "nothing to update: the body sets no field");

    let untouched = User::select().filter(User::ID.eq(bob.id)).one(&*db).await.unwrap();
    assert_eq!(untouched, bob);
}

#[tokio::test]
async fn delete_answers_204_then_404_and_cascades() {
    let db = migrated_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    insert_post(&db, &ada, "engine").await;
    let uri = format!("/users/{}", ada.id);

    let (status, body) = call(&db, Method::DELETE, &uri, None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, body) = call(&db, Method::GET, &uri, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(&body), "not found");
    let (status, _) = call(&db, Method::DELETE, &uri, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleting again");

    let left: Vec<Uuid> = User::select().columns(User::ID).all(&*db).await.unwrap();
    assert_eq!(left, [bob.id]);
    assert_eq!(Post::select().count(&*db).await.unwrap(), 0, "the posts went with their author");
}

#[tokio::test]
async fn unknown_ids_are_404_and_malformed_ones_400() {
    let db = migrated_db().await;
    insert_user(&db, "ada@x.io", "Ada").await;
    let uri = format!("/users/{}", Uuid::new_v4());
    for (method, body) in
        [(Method::GET, None), (Method::PATCH, Some(json!({"name": "X"}))), (Method::DELETE, None)]
    {
        let (status, response) = call(&db, method.clone(), &uri, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(response, json!({"error": "not found"}));
    }
    let (status, body) = call(&db, Method::GET, "/users/not-a-uuid", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_of(&body).contains("not-a-uuid"), "{body}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_duplicate_email_is_409_without_the_value() {
    let db = migrated_db().await;
    let bob = insert_user(&db, "bob@x.io", "Bob").await;
    let (status, _) =
        call(&db, Method::POST, "/users", Some(json!({"email": "ada@x.io", "name": "Ada"}))).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, response) =
        call_raw(&db, Method::POST, "/users", Some(json!({"email": "ada@x.io", "name": "Again"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let body: Value = serde_json::from_str(&response.text).unwrap();
    assert_eq!(error_of(&body), "already exists: unique constraint `users_email_key`");
    assert!(!response.text.contains("ada@x.io"), "the server's DETAIL quotes the value: {}", response.text);

    let (status, body) =
        call(&db, Method::PATCH, &format!("/users/{}", bob.id), Some(json!({"email": "ada@x.io"}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 2);
}

#[tokio::test]
async fn an_empty_name_is_422_from_the_check_constraint() {
    let db = migrated_db().await;
    let (status, body) =
        call(&db, Method::POST, "/users", Some(json!({"email": "ada@x.io", "name": ""}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), "invalid value: check constraint `users_name_check`");
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);

    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let (status, body) =
        call(&db, Method::PATCH, &format!("/users/{}", ada.id), Some(json!({"name": ""}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), "invalid value: check constraint `users_name_check`");
}

#[tokio::test]
async fn a_value_the_server_cannot_store_is_422_not_500() {
    let db = migrated_db().await;
    let (status, body) =
        call(&db, Method::POST, "/users", Some(json!({"email": "nul@x.io", "name": "a\u{0}b"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(error_of(&body).starts_with("a value cannot be stored"), "{body}");
    assert_eq!(User::select().count(&*db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_post_for_a_missing_user_is_422_from_the_foreign_key() {
    let db = migrated_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    let post = json!({"slug": "engine", "title": "The Engine", "body": "Notes"});

    let (status, body) =
        call(&db, Method::POST, &format!("/users/{}/posts", Uuid::new_v4()), Some(post.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), "refers to a row that does not exist: foreign key `posts_author_id_fkey`");
    assert_eq!(Post::select().count(&*db).await.unwrap(), 0);

    let (status, created) = call(&db, Method::POST, &format!("/users/{}/posts", ada.id), Some(post)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        (&created["author_id"], &created["slug"], &created["published"]),
        (&json!(ada.id), &json!("engine"), &json!(false))
    );
}

#[tokio::test]
async fn a_not_null_violation_is_422_naming_the_column() {
    let db = migrated_db().await;
    // The typed API cannot send NULL to a NOT NULL column, so the database gets ahead of
    // the code, as when a migration is deployed before the code that fills its column.
    db.batch_execute("ALTER TABLE users ADD COLUMN nickname text NOT NULL").await.unwrap();
    let (status, response) =
        call_raw(&db, Method::POST, "/users", Some(json!({"email": "ada@x.io", "name": "Ada"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.text);
    assert_eq!(response.text, r#"{"error":"`nickname` is required and cannot be null"}"#);

    // The mapping itself, on the server's own error for raw SQL.
    let err = sql!("INSERT INTO users (email, name, nickname) VALUES ('b@x.io', 'B', NULL)")
        .execute(&*db)
        .await
        .unwrap_err();
    assert!(matches!(err, orm::Error::NotNullViolation { .. }), "{err:?}");
    assert_eq!(app::status_and_message(&err).0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_pool_timeout_is_503_with_retry_after() {
    let test_db = migrated_db().await;
    let db =
        test_db.builder().max_size(1).wait_timeout(Some(Duration::from_millis(100))).connect().await.unwrap();
    let held = db.connection().await.unwrap();

    let (status, response) = call_raw(&db, Method::GET, "/users", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{}", response.text);
    assert_eq!(response.text, r#"{"error":"the database is busy; try again shortly"}"#);
    assert_eq!(response.retry_after.as_deref(), Some("1"));

    drop(held);
    let (status, _) = call(&db, Method::GET, "/users", None).await;
    assert_eq!(status, StatusCode::OK, "the connection is back in the pool");
}

#[tokio::test]
async fn an_unexpected_error_is_500_without_sql_or_table_names() {
    let db = migrated_db().await;
    let ada = insert_user(&db, "ada@x.io", "Ada").await;
    insert_post(&db, &ada, "engine").await;
    db.batch_execute("DROP TABLE comments").await.unwrap();

    let (status, response) = call_raw(&db, Method::GET, &format!("/users/{}", ada.id), None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.text, r#"{"error":"internal server error"}"#);
    for leak in ["SELECT", "relation", "comments", "42P01", "does not exist"] {
        assert!(!response.text.contains(leak), "{leak:?} leaked: {}", response.text);
    }

    // The log gets the whole error: what the client did not see is not lost.
    let err = Comment::select().all(&*db).await.unwrap_err();
    let (status, message) = app::status_and_message(&err);
    assert_eq!((status, message.as_str()), (StatusCode::INTERNAL_SERVER_ERROR, "internal server error"));
    assert!(err.to_string().contains(r#"relation "comments" does not exist"#), "{err}");
}

#[tokio::test]
async fn health_is_200_with_the_ping_and_the_pool_numbers() {
    let db = TestDb::new().await;
    let (status, body) = call(&db, Method::GET, "/health", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ok");
    let ping_ms = body["ping_ms"].as_f64().unwrap_or_else(|| panic!("a ping_ms number in {body}"));
    assert!((0.0..5000.0).contains(&ping_ms), "{ping_ms}");
    assert_eq!(body["pool"]["max_size"], 8, "TestDb's pool: {body}");
    assert_eq!(body["pool"]["waiting"], 0);
    assert_eq!(body["pool"]["in_use"], 0, "the ping's connection went back: {body}");
}

#[tokio::test]
async fn health_is_503_when_the_database_does_not_answer() {
    let down = Db::builder("postgres://postgres@127.0.0.1:1/postgres").build().unwrap();
    let (status, response) = call_raw(&down, Method::GET, "/health", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{}", response.text);
    assert_eq!(
        response.text,
        r#"{"status":"unavailable","pool":{"max_size":16,"size":0,"idle":0,"in_use":0,"waiting":0}}"#,
        "why goes to the log, not to the client"
    );
}
