//! A name cannot hold a NUL byte: `"a\0b"` is refused at the name.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "a\0b")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
}

fn main() {}
