//! An index lists each field once: `email` twice is refused at the second.

use orm::prelude::*;

#[derive(Table)]
#[index(columns(email, email))]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
