//! `many_to_many` needs its junction table: `through = ..`.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // an attribute error stops the derive before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users")]
#[many_to_many(posts: Post, from = Post::ID, to = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
