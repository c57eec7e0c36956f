//! A column needs a name: `name = ""` is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(name = "")]
    pub email: String,
}

fn main() {}
