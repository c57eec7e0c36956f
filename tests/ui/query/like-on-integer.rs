//! `like` is defined for text columns only: `age` is an `i32`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().filter(User::AGE.like("x"));
}
