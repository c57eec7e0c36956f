//! A table whose field types cannot be deserialized still compiles; calling
//! `from_json` on its insert struct does not.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
#[pg_enum(name = "user_role")]
pub enum Role {
    Admin,
    Member,
}

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub role: Role,
}

fn main() {
    let _ = NewUser::from_json(serde_json::json!({"id": 1, "role": "admin"}));
}
