//! `default` takes a string or `sql("..")`: a bare number is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = 0)]
    pub visits: i32,
}

fn main() {}
