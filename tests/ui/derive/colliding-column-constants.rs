//! Each field gives a column constant named after it in upper case: `ab` and `aB`
//! both give `AB`, `straße` and `strasse` both `STRASSE`. Each pair is refused at its
//! second field.

#![allow(non_snake_case)]

use orm::prelude::*;

#[derive(Table)]
pub struct Address {
    #[column(primary_key, identity)]
    pub id: i64,
    pub ab: String,
    pub aB: String,
    pub straße: String,
    pub strasse: String,
}

fn main() {}
