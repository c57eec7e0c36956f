//! `rename` given twice on a variant is refused at the second, not silently overridden.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {
    #[pg_enum(rename = "boss", rename = "chief")]
    Admin,
    Member,
}

fn main() {}
