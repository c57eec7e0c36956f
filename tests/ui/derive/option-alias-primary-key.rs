//! A primary key cannot be nullable even through a type alias: `MaybeId` is `Option<i64>`.

use orm::prelude::*;

pub type MaybeId = Option<i64>;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: MaybeId,
    pub email: String,
}

fn main() {}
