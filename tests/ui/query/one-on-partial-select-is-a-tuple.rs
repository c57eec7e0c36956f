//! `.one()` on a partial select yields the tuple of the selected columns, never `User`.

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
    let u: User = User::select()
        .columns((User::ID, User::EMAIL))
        .one(db)
        .await
        .unwrap();
}

fn main() {}
