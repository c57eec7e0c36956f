//! A `#[table(..)]` key given again in a second `#[table]` attribute is a duplicate, not an override.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "users")]
#[table(name = "people")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
