//! A misspelled `#[column(..)]` key is reported at its span, with the list of valid keys.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primery_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}
