//! A `docs` table with jsonb columns for the JSON compile-fail cases: `#[path = "../common/doc.rs"] mod doc;`.
#![allow(dead_code)]

use orm::prelude::*;

#[derive(Table)]
#[table(name = "docs")]
pub struct Doc {
    #[column(primary_key, identity)]
    pub id: i64,
    pub title: String,
    pub meta: serde_json::Value,
}
