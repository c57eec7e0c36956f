//! `varchar(n)` needs a length of at least 1: `varchar(0)` is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(0))]
    pub name: String,
}

fn main() {}
