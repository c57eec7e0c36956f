//! A misspelled `#[index(..)]` key is reported at its span, with the valid keys.

use orm::prelude::*;

#[derive(Table)]
#[index(colums(email))]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
