//! `varchar(n)` is judged by the type a field holds, not its spelling: `Name` is an alias of `i32`.

use orm::prelude::*;

pub type Name = i32;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(10))]
    pub name: Name,
}

fn main() {}
