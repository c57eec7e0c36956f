//! A filter on a `User` select takes a `Condition<User>`: a condition on `posts` does not fit.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().filter(Post::TITLE.eq("x"));
}
