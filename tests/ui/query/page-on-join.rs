//! Keyset pages read the rows of one table: a joined select has no `.after` and no `.page`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn pages(db: &Db) {
    let _ = User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).limit(20).page(db).await;
    let _ = User::select().left_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).after(None).limit(20);
}

fn main() {}
