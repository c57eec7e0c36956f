//! `eq` takes a value of the column's own type: an integer is not a `String`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().filter(User::EMAIL.eq(5));
}
