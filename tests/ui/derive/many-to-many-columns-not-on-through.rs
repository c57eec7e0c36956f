//! `from` and `to` of a `many_to_many` must be columns of its `through` table.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // an attribute error stops the derive before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users")]
#[many_to_many(posts: Post, through = Link, from = Post::AUTHOR_ID, to = Post::ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

#[derive(Table)]
#[table(name = "links", primary_key(user_id, post_id))]
pub struct Link {
    pub user_id: i64,
    pub post_id: i64,
}

fn main() {}
