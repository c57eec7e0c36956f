//! `numeric(p, s)` needs `0 <= s <= p`: a scale of 5 with a precision of 2 is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Product {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(numeric(2, 5))]
    pub price: Decimal,
}

fn main() {}
