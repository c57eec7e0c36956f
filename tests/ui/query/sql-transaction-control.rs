//! Raw SQL cannot open or end transactions: that belongs to `db.transaction(..)`.

use orm::prelude::*;

fn main() {
    let _ = sql!("BEGIN ISOLATION LEVEL SERIALIZABLE");
}
