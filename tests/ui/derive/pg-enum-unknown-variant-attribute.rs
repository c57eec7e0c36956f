//! A misspelled `#[pg_enum(..)]` key on a variant is reported at its span.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {
    #[pg_enum(renmae = "boss")]
    Admin,
    Member,
}

fn main() {}
