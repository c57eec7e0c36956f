//! `set_path` (`jsonb_set`) needs a jsonb column: `title` is text.

use orm::prelude::*;

#[path = "../common/doc.rs"]
mod doc;
use doc::*;

fn main() {
    let _ = Doc::update()
        .set(Doc::TITLE, Doc::TITLE.set_path(["plan"], serde_json::json!("pro")))
        .filter(Doc::ID.eq(1_i64));
}
