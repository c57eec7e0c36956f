//! Columns are named after fields: a tuple struct, whose fields have no names, is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Pair(pub i64, pub String);

fn main() {}
