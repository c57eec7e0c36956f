//! A document changed with `set_path` is assigned to a jsonb column of the same type.

use orm::prelude::*;

#[path = "../common/doc.rs"]
mod doc;
use doc::*;

fn main() {
    let _ = Doc::update()
        .set(Doc::TITLE, Doc::META.set_path(["plan"], serde_json::json!("pro")))
        .filter(Doc::ID.eq(1_i64));
}
