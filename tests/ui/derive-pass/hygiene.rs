//! Generated code does not capture the user's names: constants called like the
//! derive's own bindings (`value`, `row`, `w`, ..) in scope do not break it.
#![allow(non_upper_case_globals, dead_code)]

use orm::prelude::*;

const value: i32 = 1;
const row: i32 = 2;
const start: i32 = 3;
const w: i32 = 4;
const out: i32 = 5;
const label: i32 = 6;
const raw: i32 = 7;
const ty: i32 = 8;
const schema: i32 = 9;
const index: i32 = 10;
const column: i32 = 11;
const errors: i32 = 12;
const bio: i32 = 13;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub enum Role {
    Admin,
    Member,
}

#[derive(Table, Debug, Clone)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub bio: Option<String>,
}

fn main() {
    let patch = UserPatch {
        name: Some("Ada".into()),
        ..Default::default()
    };
    let _ = User::update().patch(patch);
    let _ = User::insert(NewUser {
        name: "Ada".into(),
        role: Role::Admin,
        bio: None,
    });
    assert_eq!(Role::from_label("member"), Some(Role::Member));
    // Validation binds no name of the user's either (`bio` is a constant here too).
    let _ = NewUser { name: "Ada".into(), role: Role::Admin, bio: None }.validate();
    let _ = UserPatch::default().validate();
    let _ = NewUser::from_json(serde_json::json!({"name": "Ada", "role": "Admin"}));
}
