//! `.set(column, value)` takes a value of the column's type: `"x"` is not an `i32`.

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
    let _ = User::update()
        .set(User::AGE, "x")
        .filter(User::ID.eq(1_i64));
}
