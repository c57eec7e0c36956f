//! Without a join, a `User` condition cannot read columns of `posts`, even of the same type.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().filter(User::ID.eq(Post::AUTHOR_ID));
}
