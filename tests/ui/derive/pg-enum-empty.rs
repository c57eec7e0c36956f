//! A PostgreSQL enum needs at least one label: an enum without variants is refused.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
pub enum Role {}

fn main() {}
