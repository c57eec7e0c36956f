//! `soft_delete` names a field of the struct.

use orm::prelude::*;

#[derive(Table)]
#[table(name = "notes", soft_delete = removed_at)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub deleted_at: Option<DateTime<Utc>>,
}

fn main() {}
