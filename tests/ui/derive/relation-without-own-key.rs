//! `has_many` links through the table's own key; a table without a single-column primary key must name one.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users", primary_key(id, tenant))]
#[has_many(posts: Post, fk = Post::AUTHOR_ID)]
pub struct User {
    pub id: i64,
    pub tenant: i64,
}

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    pub author_id: i64,
}

fn main() {}
