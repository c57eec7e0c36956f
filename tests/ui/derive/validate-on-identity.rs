//! An `identity` column is never inserted nor patched, so a `validate` hook on it would never run.

use orm::prelude::*;

fn positive(id: &i64) -> Result<(), String> {
    if *id > 0 { Ok(()) } else { Err("not positive".into()) }
}

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity, validate = positive)]
    pub id: i64,
    pub email: String,
}

fn main() {}
