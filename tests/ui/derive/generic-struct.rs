//! `#[derive(Table)]` needs a concrete struct: a generic one is refused at its generics.

use orm::prelude::*;

#[derive(Table)]
pub struct Wrapper<T> {
    #[column(primary_key, identity)]
    pub id: i64,
    pub value: T,
}

fn main() {}
