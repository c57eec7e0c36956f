//! After `inner_join::<Post>`, columns of `users` and `posts` are usable; `comments` is not joined.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID)).columns((User::NAME, Comment::BODY));
}
