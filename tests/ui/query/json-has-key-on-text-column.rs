//! Key existence (`?`) is a jsonb operator: `title` is text.

use orm::prelude::*;

#[path = "../common/doc.rs"]
mod doc;
use doc::*;

fn main() {
    let _ = Doc::select().filter(Doc::TITLE.has_key("plan"));
}
