//! `contains` on a text column takes text: a JSON document is refused.

use orm::prelude::*;

#[path = "../common/doc.rs"]
mod doc;
use doc::*;

fn main() {
    let _ = Doc::select().filter(Doc::TITLE.contains(serde_json::json!({"plan": "premium"})));
}
