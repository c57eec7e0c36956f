//! `has_many` links through the table's own key; a table without a single-column primary key must name one.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // an attribute error stops the derive before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users", primary_key(id, tenant))]
#[has_many(posts: Post, fk = Post::AUTHOR_ID)]
pub struct User {
    pub id: i64,
    pub tenant: i64,
}

fn main() {}
