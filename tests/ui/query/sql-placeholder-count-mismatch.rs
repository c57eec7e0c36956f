//! Every `{}` in `sql!` needs exactly one value: two placeholders, one value.

use orm::prelude::*;

fn main() {
    let _ = sql!("SELECT * FROM users WHERE id = {} AND name = {}", 1_i32);
}
