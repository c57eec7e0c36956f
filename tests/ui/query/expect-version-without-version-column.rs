//! `.expect_version(v)` exists only on tables with a `#[column(version)]` column.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::update().set(User::NAME, "x").filter(User::ID.eq(1)).expect_version(3);
}
