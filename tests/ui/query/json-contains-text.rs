//! `contains` on a jsonb column takes a JSON document (`json!(..)` or `Json(..)`), not text.

use orm::prelude::*;

#[path = "../common/doc.rs"]
mod doc;
use doc::*;

fn main() {
    let _ = Doc::select().filter(Doc::META.contains("premium"));
}
