//! `sql!` binds column types: a value that is not one does not compile.

use orm::prelude::*;

struct Secret;

fn main() {
    let _ = sql!("SELECT {}", Secret);
}
