//! A unit struct has no fields to map to columns: it is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Marker;

fn main() {}
