//! `#[derive(PgEnum)]` needs an enum: a struct is refused.

use orm::prelude::*;

#[derive(PgEnum)]
pub struct Role {
    pub name: String,
}

fn main() {}
