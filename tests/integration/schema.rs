//! The blog schema the integration tests share, and a fresh database per test.

use orm::prelude::*;
use orm::testing::TestDb;
use serde::{Deserialize, Serialize};

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "user_role")]
pub enum Role {
    Admin,
    Member,
    #[pg_enum(rename = "guest-user")]
    Guest,
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub plan: String,
    pub tags: Vec<String>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "users")]
#[index(columns(name, created_at))]
#[has_many(posts: Post, fk = Post::AUTHOR_ID)]
#[has_one(profile: UserProfile, fk = UserProfile::USER_ID)]
#[has_many(notes: Note, fk = Note::USER_ID)]
pub struct User {
    #[column(primary_key, default = sql("gen_random_uuid()"))]
    pub id: Uuid,
    #[column(unique)]
    pub email: String,
    #[column(varchar(100))]
    pub name: String,
    pub bio: Option<String>,
    #[column(default = "member")]
    pub role: Role,
    #[column(default = "0", check = "score >= 0")]
    pub score: i32,
    pub metadata: Json<Profile>,
    #[column(default = sql("now()"))]
    pub created_at: DateTime<Utc>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "posts")]
#[belongs_to(author: User, fk = Self::AUTHOR_ID)]
#[belongs_to(editor: User, fk = Self::EDITOR_ID)]
#[has_many(comments: Comment, fk = Comment::POST_ID)]
#[many_to_many(tags: Tag, through = PostTag, from = PostTag::POST_ID, to = PostTag::TAG_ID)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User::ID, on_delete = cascade), index)]
    pub author_id: Uuid,
    #[column(references(User::ID, on_delete = set_null))]
    pub editor_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    #[column(default = "false")]
    pub published: bool,
    pub rating: Option<f64>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "comments")]
#[belongs_to(post: Post, fk = Self::POST_ID)]
pub struct Comment {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Post::ID, on_delete = cascade), index)]
    pub post_id: i64,
    pub body: String,
}

/// Soft-deleted: `delete()` sets `deleted_at`; selects and relation loads skip such rows.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "notes", soft_delete = deleted_at)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User::ID, on_delete = cascade))]
    pub user_id: Uuid,
    pub body: String,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A soft-deleted parent (folders nest through `parent_id`).
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "folders", soft_delete = deleted_at)]
#[has_many(docs: Doc, fk = Doc::FOLDER_ID)]
pub struct Folder {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
    #[column(references(Self::ID))]
    pub parent_id: Option<i64>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "docs")]
#[belongs_to(folder: Folder, fk = Self::FOLDER_ID)]
#[many_to_many(labels: Label, through = DocLabel, from = DocLabel::DOC_ID, to = DocLabel::LABEL_ID)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Folder::ID))]
    pub folder_id: i64,
    pub title: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "labels")]
pub struct Label {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
}

/// A soft-deleted junction: a marked link is not followed.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "doc_labels", primary_key(doc_id, label_id), soft_delete = deleted_at)]
pub struct DocLabel {
    #[column(references(Doc::ID))]
    pub doc_id: i64,
    #[column(references(Label::ID))]
    pub label_id: i64,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// One per user at most.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "user_profiles")]
pub struct UserProfile {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(references(User::ID, on_delete = cascade), unique)]
    pub user_id: Uuid,
    pub website: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "tags")]
#[many_to_many(posts: Post, through = PostTag, from = PostTag::TAG_ID, to = PostTag::POST_ID)]
pub struct Tag {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(unique)]
    pub label: String,
    #[column(default = "0")]
    pub uses: i64,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "post_tags", primary_key(post_id, tag_id))]
pub struct PostTag {
    #[column(references(Post::ID, on_delete = cascade))]
    pub post_id: i64,
    #[column(references(Tag::ID, on_delete = cascade))]
    pub tag_id: i32,
}

/// A table whose names need quoting: a `"` in the table and the column name.
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "odd \"quoted\" table")]
pub struct Odd {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(name = "select \"value\"; --")]
    pub value: String,
}

/// A fresh database with the blog schema.
pub async fn blog_db() -> TestDb {
    let schema =
        orm::schema![User, Post, Comment, UserProfile, Note, Folder, Doc, Label, DocLabel, Tag, PostTag, Odd];
    TestDb::with_schema(&orm_migrate::create_sql(&schema)).await
}

/// An insertable user with every optional field left to the database.
pub fn new_user(email: &str, name: &str) -> NewUser {
    NewUser {
        id: None,
        email: email.to_owned(),
        name: name.to_owned(),
        bio: None,
        role: None,
        score: None,
        metadata: Json(Profile::default()),
        created_at: None,
    }
}

/// Inserts a user and returns the stored row.
pub async fn insert_user(db: &Db, email: &str, name: &str) -> User {
    User::insert(new_user(email, name)).returning().one(db).await.expect("insert user")
}

/// Inserts a post by `author` and returns the stored row.
pub async fn insert_post(db: &Db, author: &User, title: &str, rating: Option<f64>) -> Post {
    let new = NewPost {
        author_id: author.id,
        editor_id: None,
        title: title.to_owned(),
        body: format!("body of {title}"),
        published: None,
        rating,
    };
    Post::insert(new).returning().one(db).await.expect("insert post")
}
