//! The schema the query compile-fail cases share: `#[path = "../common/blog.rs"] mod blog;`.
#![allow(dead_code)]

use orm::prelude::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "users")]
#[has_many(posts: Post, fk = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub name: String,
    pub age: i32,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "posts")]
#[belongs_to(author: User, fk = Self::AUTHOR_ID)]
#[has_many(comments: Comment, fk = Comment::POST_ID)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User::ID, on_delete = cascade))]
    pub author_id: i64,
    pub title: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "comments")]
pub struct Comment {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Post::ID, on_delete = cascade))]
    pub post_id: i64,
    pub body: String,
}
