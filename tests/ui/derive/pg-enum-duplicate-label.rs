//! Two variants cannot share a label: `Admin` renamed to `"member"` clashes with `Member`.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {
    Member,
    #[pg_enum(rename = "member")]
    Admin,
}

fn main() {}
