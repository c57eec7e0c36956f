//! `#[derive(Table)]` needs a struct with named fields: an enum is refused.

use orm::prelude::*;

#[derive(Table)]
pub enum User {
    Admin,
    Member,
}

fn main() {}
