//! `eq` takes a value of the column's own type: an integer is not a `String`.

use orm::prelude::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "users")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub name: String,
    pub age: i32,
}

fn main() {
    let _ = User::EMAIL.eq(5);
}
