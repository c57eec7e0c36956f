//! PostgreSQL keeps 63 bytes of a type name: a 64-byte enum name is refused at the name.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
#[pg_enum(name = "an_enum_type_name_that_goes_on_and_on_past_what_postgres_keeps__")]
pub enum Role {
    Admin,
    Member,
}

fn main() {}
