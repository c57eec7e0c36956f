//! A relation's accessor and the column constants share the struct's namespace: a
//! relation named `EMAIL` would collide with the constant of the field `email`.

use orm::prelude::*;

#[path = "../common/post.rs"]
mod post;
#[allow(unused_imports)] // the derive stops at the error before the relation uses it
use post::Post;

#[derive(Table)]
#[table(name = "users")]
#[has_many(EMAIL: Post, fk = Post::AUTHOR_ID)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
