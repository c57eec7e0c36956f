//! `Page`: one page of rows and the cursor that continues after it.

use super::Cursor;

/// One page of a keyset-paged select: its rows, and the cursor of the next page.
///
/// `next` is `None` on the last page; otherwise pass it to
/// [`Select::after`](crate::query::Select::after) to read the page that follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<R> {
    /// The rows of this page, at most the select's `limit` of them.
    pub rows: Vec<R>,
    /// Where the next page starts, or `None` when no row follows this page.
    pub next: Option<Cursor>,
}
