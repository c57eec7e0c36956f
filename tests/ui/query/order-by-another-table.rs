//! A `User` select orders by columns of `users` only: `Post::TITLE` belongs to `posts`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().order_by(Post::TITLE.desc());
}
