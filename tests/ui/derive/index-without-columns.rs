//! `#[index(..)]` needs `columns(..)`: an index with only a name is refused.

use orm::prelude::*;

#[derive(Table)]
#[index(name = "users_by_email")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
