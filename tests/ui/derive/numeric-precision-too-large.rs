//! `numeric(p, s)` needs `1 <= p <= 1000`: a precision of 1001 is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Product {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(numeric(1001, 2))]
    pub price: Decimal,
}

fn main() {}
