//! `#[derive(PgEnum)]` maps unit variants to labels: a variant that carries data is refused.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
#[pg_enum(name = "shape")]
pub enum Shape {
    Square,
    Circle(u32),
}

fn main() {}
