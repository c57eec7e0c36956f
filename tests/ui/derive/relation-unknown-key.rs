//! An unknown key in a relation attribute is named, with the keys it takes.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[has_many(posts: Post, fkey = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    pub author_id: i64,
}

fn main() {}
