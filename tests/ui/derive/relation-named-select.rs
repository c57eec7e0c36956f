//! A relation may not hide a function every table has, such as `select`.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[has_many(select: Post, fk = Post::AUTHOR_ID)]
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
