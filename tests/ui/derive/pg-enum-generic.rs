//! `#[derive(PgEnum)]` needs a concrete enum: a generic one is refused at its generics.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role<const N: usize> {
    Admin,
    Member,
}

fn main() {}
