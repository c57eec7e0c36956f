//! A `posts` table the relation compile-fail cases point at: `#[path = "../common/post.rs"] mod post;`.
#![allow(dead_code)]

use orm::prelude::*;

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    pub author_id: i64,
}
