//! A table needs at least one column: a struct without fields is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Empty {}

fn main() {}
