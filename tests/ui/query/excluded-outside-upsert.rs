//! `excluded(..)` names the row an upsert proposed; a plain update has none.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::update().set(User::NAME, excluded(User::NAME)).filter(User::ID.eq(1));
}
