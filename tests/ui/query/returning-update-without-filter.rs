//! An UPDATE without `.filter(..)` cannot return rows either: `.returning()` needs a filter first.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn f(db: &Db) {
    let _ = User::update()
        .set(User::NAME, "x")
        .returning()
        .all(db)
        .await;
}

fn main() {}
