//! `on_delete` given twice in one `references(..)` is refused at the second.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(User::ID, on_delete = cascade, on_delete = restrict))]
    pub author_id: i64,
}

fn main() {}
