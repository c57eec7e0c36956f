//! Two columns can be compared only when they hold the same type: `i32` vs `String`.

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
    let _ = User::AGE.eq(User::EMAIL);
}
