//! `name` given twice in `#[pg_enum(..)]` is refused at the second, not silently overridden.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
#[pg_enum(name = "role", name = "user_role")]
pub enum Role {
    Admin,
    Member,
}

fn main() {}
