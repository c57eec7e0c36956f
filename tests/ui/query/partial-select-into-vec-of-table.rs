//! A partial select yields tuples of the selected columns, never the table struct.

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
    let v: Vec<User> = User::select()
        .columns((User::ID, User::EMAIL))
        .all(db)
        .await
        .unwrap();
}

fn main() {}
