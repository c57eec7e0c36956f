//! `belongs_to` takes a foreign key column of the struct itself.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // an attribute error stops the derive before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users")]
#[belongs_to(post: Post, fk = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
