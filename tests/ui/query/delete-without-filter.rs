//! A DELETE without `.filter(..)` (or `.all_rows()`) has no `execute`: it would remove every row.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

async fn f(db: &Db) {
    let _ = User::delete().execute(db).await;
}

fn main() {}
