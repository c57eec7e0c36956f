//! Two columns can be compared only when they hold the same type: `i32` vs `String`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::select().filter(User::AGE.eq(User::EMAIL));
}
