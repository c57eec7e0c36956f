//! `has_many` needs `fk = ..`.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[has_many(posts: Post)]
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
