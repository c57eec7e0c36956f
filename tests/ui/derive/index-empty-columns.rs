//! An index needs at least one column: `columns()` is refused.

use orm::prelude::*;

#[derive(Table)]
#[index(columns())]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub email: String,
}

fn main() {}
