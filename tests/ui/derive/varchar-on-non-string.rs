//! `varchar(n)` is only for `String` fields: `age` is an `i32`.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(10))]
    pub age: i32,
}

fn main() {}
