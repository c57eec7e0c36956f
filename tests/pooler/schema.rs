//! The tables the pooler tests share: members with an enum column, their posts, and
//! events for keyset pages.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "member_role")]
pub enum Role {
    Admin,
    Member,
    #[pg_enum(rename = "guest-user")]
    Guest,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "members")]
#[has_many(posts: Post, fk = Post::MEMBER_ID)]
pub struct Member {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub name: String,
    #[column(default = "member")]
    pub role: Role,
    #[column(default = "0")]
    pub score: i32,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "posts")]
#[belongs_to(member: Member, fk = Self::MEMBER_ID)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Member::ID, on_delete = cascade), index)]
    pub member_id: i64,
    pub title: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "events")]
#[index(columns(created_at, id))]
pub struct Event {
    #[column(primary_key, identity)]
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub label: String,
}

/// The schema's DDL.
pub fn schema_sql() -> String {
    orm_migrate::create_sql(&orm::schema![Member, Post, Event])
}

pub fn new_member(email: &str, role: Option<Role>) -> NewMember {
    NewMember { email: email.to_owned(), name: format!("name of {email}"), role, score: None }
}
