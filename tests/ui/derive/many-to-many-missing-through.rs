//! `many_to_many` needs its junction table: `through = ..`.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[many_to_many(posts: Post, from = Post::ID, to = Post::AUTHOR_ID)]
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
