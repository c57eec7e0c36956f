//! Column rules in the studio: an edit keeps the audit columns' rules (no `created_at` /
//! `version` in the form, `updated_at = now()` and `version + 1` on save), and a typed value
//! is cast to the column's type without its length or precision, so nothing is cut short.

use orm::prelude::*;
use orm::testing::TestDb;
use orm_migrate::studio::{Studio, StudioOptions};

use crate::access::{request, token};
use crate::support::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "notes")]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(8))]
    pub code: String,
    pub body: String,
    #[column(created_at)]
    pub created_at: DateTime<Utc>,
    #[column(updated_at)]
    pub updated_at: DateTime<Utc>,
    #[column(version)]
    pub version: i32,
}

fn long_ago() -> DateTime<Utc> {
    DateTime::from_timestamp(946_684_800, 0).unwrap()
}

#[tokio::test]
async fn an_edit_bumps_the_version_and_updated_at_and_leaves_created_at() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Note])).await;
    let new = NewNote {
        code: "n1".into(),
        body: "first".into(),
        created_at: Some(long_ago()),
        updated_at: Some(long_ago()),
        version: None,
    };
    let note = Note::insert(new).returning().one(&*db).await.unwrap();
    assert_eq!(note.version, 1);
    let options = StudioOptions { host: "127.0.0.1".into(), port: 0, write: true };
    let studio = Studio::bind(orm::schema![Note], db.db().clone(), options).await.unwrap();
    let url = studio.url();
    tokio::spawn(studio.serve());
    let (origin, token) = (origin(&url), token(&url));

    let path = format!("/tables/notes/row?k={}&token={token}", note.id);
    let (status, page) = request(origin, "GET", &path, "").await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("name=\"c_version\""), "the version is the builders' to keep");
    assert!(!page.contains("name=\"c_created_at\""), "created_at never changes");

    let form = format!("csrf={token}&c_code=n1&c_body=second&c_updated_at=2000-01-01");
    let (status, page) = request(origin, "POST", &path, &form).await;
    assert_eq!(status, 303, "{page}");
    let saved = Note::select().filter(Note::ID.eq(note.id)).one(&*db).await.unwrap();
    assert_eq!(saved.body, "second");
    assert_eq!(saved.version, 2, "an update through the studio counts as an update");
    assert_eq!(saved.created_at, long_ago());

    // A forged form naming version or created_at changes neither.
    let form = format!("csrf={token}&c_code=n1&c_body=third&c_version=1&c_created_at=2020-01-01");
    let (status, page) = request(origin, "POST", &path, &form).await;
    assert_eq!(status, 303, "{page}");
    let saved = Note::select().filter(Note::ID.eq(note.id)).one(&*db).await.unwrap();
    assert_eq!((saved.body.as_str(), saved.version, saved.created_at), ("third", 3, long_ago()));
    assert!(saved.updated_at > long_ago(), "updated_at = now() when the form leaves it out");
}

#[tokio::test]
async fn a_filter_value_longer_than_a_varchar_is_not_cut_to_match() {
    let db = blog_db().await;
    let email = format!("{}@example.com", "u".repeat(242));
    assert_eq!(email.len(), 254);
    db.batch_execute(&format!("UPDATE users SET email = '{email}' WHERE email = 'user05@example.com'"))
        .await
        .unwrap();
    let url = start_studio(&db, false).await;
    let (origin, token) = (origin(&url), token(&url));
    let (status, page) =
        request(origin, "GET", &format!("/tables/users?op_email=eq&f_email={email}XYZ&token={token}"), "")
            .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"empty\""), "no user has that email: {page}");
}
