//! `on_delete = set_null` needs a nullable foreign key: `author_id` is an `i64`, not an `Option<i64>`.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User::ID, on_delete = set_null))]
    pub author_id: i64,
    pub title: String,
}

fn main() {}
