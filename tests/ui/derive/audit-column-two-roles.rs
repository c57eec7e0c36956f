//! A column has one audit role: `created_at` and `updated_at` on one field is a mistake.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(created_at, updated_at)]
    pub stamped_at: DateTime<Utc>,
}

fn main() {}
