//! The `soft_delete` field must be nullable: NULL means not deleted.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "notes", soft_delete = deleted_at)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub deleted_at: DateTime<Utc>,
}

fn main() {}
