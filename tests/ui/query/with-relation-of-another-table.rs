//! `.with(..)` on a `User` select takes relations of `User`: `Post::comments()` starts from `posts`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().with(Post::comments());
}
