//! A `validate` hook returns `Result<(), String>`, the message for the user: a
//! predicate returning `bool` is reported at the attribute.

use orm::prelude::*;

fn is_email(value: &str) -> bool {
    value.contains('@')
}

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(validate = is_email)]
    pub email: String,
}

fn main() {}
