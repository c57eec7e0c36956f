//! `sql!` numbers the placeholders itself: a hand-written `$1` is refused.

use orm::prelude::*;

fn main() {
    let _ = sql!("SELECT * FROM users WHERE id = $1");
}
