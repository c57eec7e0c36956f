//! `numeric(p, s)` is only for `Decimal` fields: `price` is an `f64`.

use orm::prelude::*;

#[derive(Table)]
pub struct Product {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(numeric(12, 2))]
    pub price: f64,
}

fn main() {}
