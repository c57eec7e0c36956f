//! A partial select yields tuples of the selected columns, never the table struct.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn f(db: &Db) {
    let v: Vec<User> = User::select()
        .columns((User::ID, User::EMAIL))
        .all(db)
        .await
        .unwrap();
}

fn main() {}
