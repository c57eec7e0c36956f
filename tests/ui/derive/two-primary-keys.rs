//! Two `#[column(primary_key)]` fields are refused; a composite key is declared on the struct.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(primary_key)]
    pub email: String,
}

fn main() {}
