//! `.one()` on a partial select yields the tuple of the selected columns, never `User`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn f(db: &Db) {
    let u: User = User::select()
        .columns((User::ID, User::EMAIL))
        .one(db)
        .await
        .unwrap();
}

fn main() {}
