//! `.set(column, value)` takes a value of the column's type: `"x"` is not an `i32`.

use orm::prelude::*;

#[path = "../common/blog.rs"]
mod blog;
use blog::*;

fn main() {
    let _ = User::update()
        .set(User::AGE, "x")
        .filter(User::ID.eq(1_i64));
}
