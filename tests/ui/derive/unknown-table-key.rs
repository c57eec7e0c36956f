//! A misspelled `#[table(..)]` key is reported at its span, with the valid keys.

use orm::prelude::*;

#[derive(Table)]
#[table(nmae = "users")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
