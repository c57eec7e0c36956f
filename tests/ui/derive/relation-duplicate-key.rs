//! A relation key given twice is refused.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[has_many(posts: Post, fk = Post::AUTHOR_ID, fk = Post::ID)]
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
