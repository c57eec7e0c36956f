//! The `.page(&db)` terminal: one keyset page and the cursor of the next.

use tokio_postgres::Row;

use super::client::Executor;
use super::run::fetch_rows;
use super::terminals::decode_each;
use crate::error::Result;
use crate::keyset::{Cursor, KeyValue, Page};
use crate::query::{PageShape, Select, Selection};
use crate::row::decode;
use crate::table::Table;

impl<S: Table, C: Selection<S>> Select<S, C> {
    /// Runs the query as one keyset page: at most `limit` rows, after the row of the
    /// cursor given to [`after`](Self::after) (from the start without one), and the
    /// cursor of the next page, `None` when no row follows.
    ///
    /// Needs `.limit(n)`, the page size; refuses `.offset(..)`, grouped, aggregated and
    /// distinct queries ([`Error::InvalidQuery`](crate::Error::InvalidQuery)), and a
    /// cursor that was changed, cut short, made for another ORDER BY or signed with
    /// another key ([`Error::InvalidCursor`](crate::Error::InvalidCursor)), before
    /// anything is sent. Cursors are signed with the pool's key, which its connections
    /// and transactions share ([`DbBuilder::cursor_key`](crate::DbBuilder::cursor_key)).
    ///
    /// ```text
    /// let page = User::select().order_by(User::CREATED_AT.desc()).after(cursor).limit(20).page(&db).await?;
    /// let next: Option<String> = page.next.map(|cursor| cursor.to_string());
    /// ```
    pub async fn page<E: Executor>(mut self, db: &E) -> Result<Page<C::Output>> {
        let key = db.cursor_key();
        let shape = self.start_page(key)?;
        let mut rows = fetch_rows(db, &self).await?;
        let next = if rows.len() > shape.size {
            rows.truncate(shape.size);
            let last = rows.last().expect("a page holds at least one row");
            Some(Cursor::issue(key, &shape.order, key_values(last, &shape)?))
        } else {
            None
        };
        let rows = decode_each(&rows, |row| self.decode_row(row))?;
        Ok(Page { rows, next })
    }
}

/// The order values a row ends with (after the selected columns).
fn key_values(row: &Row, shape: &PageShape) -> Result<Vec<Option<KeyValue>>> {
    let first = row.len() - shape.width;
    (first..row.len()).map(|index| decode(row, index)).collect()
}
