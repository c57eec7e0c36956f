//! A `belongs_to` whose target has no single-column primary key must say which column it references.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "pairs", primary_key(a, b))]
pub struct Pair {
    pub a: i64,
    pub b: i64,
}

#[derive(Table)]
#[table(name = "notes")]
#[belongs_to(pair: Pair, fk = Self::PAIR_A)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub pair_a: i64,
}

fn main() {}
