//! A primary key column is NOT NULL, so it cannot be an `Option` field.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: Option<i64>,
    pub email: String,
}

fn main() {}
