//! An `identity` column is NOT NULL: an `Option<i64>` field cannot be one.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(identity)]
    pub id: Option<i64>,
    pub email: String,
}

fn main() {}
