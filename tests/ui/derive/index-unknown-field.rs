//! An index can only name fields of the struct: `nope` is not one.

use orm::prelude::*;

#[derive(Table)]
#[index(columns(nope))]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
