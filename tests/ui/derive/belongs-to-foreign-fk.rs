//! `belongs_to` takes a foreign key column of the struct itself.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[belongs_to(post: Post, fk = Post::AUTHOR_ID)]
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
