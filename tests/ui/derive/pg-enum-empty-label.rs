//! An enum label is 1 to 63 bytes: `rename = ""` is refused at the rename.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {
    #[pg_enum(rename = "")]
    Admin,
    Member,
}

fn main() {}
