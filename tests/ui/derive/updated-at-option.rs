//! `updated_at` is always set: an `Option` field does not fit.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(updated_at)]
    pub updated_at: Option<DateTime<Utc>>,
}

fn main() {}
