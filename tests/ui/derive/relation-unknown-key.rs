//! An unknown key in a relation attribute is named, with the keys it takes.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // an attribute error stops the derive before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users")]
#[has_many(posts: Post, fkey = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
