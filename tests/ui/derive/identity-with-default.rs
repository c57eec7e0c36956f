//! An `identity` column is filled by the database, so it cannot also have a `default`.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity, default = "1")]
    pub id: i64,
    pub email: String,
}

fn main() {}
