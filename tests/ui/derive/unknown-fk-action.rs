//! A misspelled referential action is reported at its span, with the valid actions.

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
    #[column(references(User::ID, on_delete = cascades))]
    pub author_id: i64,
    pub title: String,
}

fn main() {}
