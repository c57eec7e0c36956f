//! A table has at most one column of each audit role.

use orm::prelude::*;

#[derive(Table)]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(updated_at)]
    pub updated_at: DateTime<Utc>,
    #[column(updated_at)]
    pub touched_at: DateTime<Utc>,
}

fn main() {}
