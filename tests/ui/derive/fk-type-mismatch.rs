//! A foreign key must hold the type of the column it references: `String` vs `User::ID: i64`.

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
    #[column(references(User::ID, on_delete = cascade))]
    pub author_id: String,
    pub title: String,
}

fn main() {}
