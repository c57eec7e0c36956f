//! `check = ".."` needs an SQL condition: an empty one is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(check = "")]
    pub age: i32,
}

fn main() {}
