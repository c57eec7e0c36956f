//! An audit column changes (or is never set by the application): it cannot be the primary key.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, created_at)]
    pub created_at: DateTime<Utc>,
    pub title: String,
}

fn main() {}
