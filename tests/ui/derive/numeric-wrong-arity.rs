//! `numeric` takes exactly a precision and a scale: `numeric(12)` is refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Product {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(numeric(12))]
    pub price: Decimal,
}

fn main() {}
