//! A left-joined table may have no matching row: its row is an `Option`, not the row itself.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn load(db: &Db) {
    let _: Vec<(User, Post)> = User::select().left_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).all(db).await.unwrap();
}

fn main() {}
