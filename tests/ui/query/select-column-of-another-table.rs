//! A select over `User` can only return columns of `User`: `Post::TITLE` belongs to `posts`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().columns(Post::TITLE);
}
