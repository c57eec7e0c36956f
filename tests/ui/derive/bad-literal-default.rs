//! A literal default must be a value of the field's type: `"abc"` is not an `i32`.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = "abc")]
    pub age: i32,
}

fn main() {}
