//! A DELETE without `.filter(..)` (or `.all_rows()`) has no `execute`: it would remove every row.

use orm::prelude::*;

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "users")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub name: String,
    pub age: i32,
}

async fn f(db: &Db) {
    let _ = User::delete().execute(db).await;
}

fn main() {}
