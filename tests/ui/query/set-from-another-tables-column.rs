//! An update of `users` can copy a value from a column of `users`, not of `posts`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::update().set(User::NAME, Post::TITLE).filter(User::ID.eq(1));
}
