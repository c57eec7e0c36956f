//! Keyset pagination: the opaque [`Cursor`] a page ends with, the [`Page`] a paged
//! select returns, and the key that signs cursors.
//!
//! `User::select().order_by(User::CREATED_AT.desc()).after(cursor).limit(20).page(&db)`
//! continues right after the row the cursor was made from, by comparing the order
//! columns (and the primary key, which breaks ties) with that row's values: no OFFSET
//! scan, and rows inserted or deleted meanwhile neither repeat nor skip a row.

mod cursor;
mod key;
mod page;
mod value;

pub use cursor::Cursor;
pub use page::Page;

#[doc(hidden)]
pub use key::CursorKey;
pub(crate) use value::KeyValue;
