//! An enum label cannot hold a NUL byte: `"a\0b"` is refused at the rename.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {
    #[pg_enum(rename = "a\0b")]
    Admin,
    Member,
}

fn main() {}
