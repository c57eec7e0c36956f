//! An UPDATE without `.filter(..)` (or `.all_rows()`) has no `execute`: it would change every row.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn f(db: &Db) {
    let _ = User::update().set(User::NAME, "x").execute(db).await;
}

fn main() {}
