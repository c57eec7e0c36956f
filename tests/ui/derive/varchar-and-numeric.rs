//! A column has one SQL type: `varchar(n)` and `numeric(p, s)` together are refused.

use orm::prelude::*;

#[derive(Table)]
pub struct Product {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(varchar(10), numeric(12, 2))]
    pub price: String,
}

fn main() {}
