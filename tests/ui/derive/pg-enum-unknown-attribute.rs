//! A misspelled `#[pg_enum(..)]` key on the enum is reported at its span.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
#[pg_enum(nmae = "role")]
pub enum Role {
    Admin,
    Member,
}

fn main() {}
