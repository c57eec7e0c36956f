//! Statement builders: SELECT, INSERT, UPDATE, DELETE, one clause per file.
//!
//! Building and rendering need no connection; the terminals (`all`, `one`,
//! `execute`, ..) are implemented in `exec`.

/// `.timeout(d)` on a builder, storing the limit at `self.<field path>`.
macro_rules! timeout_method {
    ($($field:ident).+) => {
        /// Bounds the whole call to `timeout`, waiting for a pooled connection
        /// included: a statement still running when it passes is cancelled on the
        /// server (a cancel request, so the server stops working on it) and the call
        /// fails with [`Error::Timeout`](crate::Error::Timeout). Inside a transaction,
        /// that aborts the transaction, like any failed statement. A call that runs
        /// several statements (relations, a chunked insert) shares the one limit.
        ///
        /// ```text
        /// let rows = User::select().filter(..).timeout(Duration::from_millis(200)).all(&db).await?;
        /// ```
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.$($field).+ = Some(timeout);
            self
        }
    };
}
pub(crate) use timeout_method;

mod audit;
mod conflict;
mod copy;
mod delete;
mod filter_state;
mod group;
mod insert;
mod keyset;
mod limit;
mod lock;
mod order;
mod prepared;
mod returning;
mod select;
mod selection;
mod set;
mod source;
mod update;
mod where_;

pub use audit::render_audit_assignments;
pub use conflict::{ConflictTarget, OnConflict, Upsert};
pub use copy::CopyIn;
pub(crate) use copy::row_values;
pub use delete::Delete;
pub use filter_state::{AllRows, FilterGiven, Filtered, NoFilter};
pub use group::IntoGroupBy;
pub use insert::Insert;
pub use prepared::{Prepared, prepare};
pub use returning::{Returning, TargetTable};
pub use select::Select;
pub use selection::{AllColumns, Pick, Picked, Selection};
pub use set::Compound;
pub use source::{
    Here, In, InLeft, InRight, Inner, Join, JoinKind, LeftOuter, NotNull, Nullability, Nullable, Source,
};
pub use update::Update;

pub(crate) use keyset::PageShape;
pub(crate) use limit::to_bigint;
pub(crate) use order::render_order_by;
pub(crate) use select::live_filter;
pub(crate) use selection::{column_list, render_all_columns};
pub(crate) use where_::WhereClause;

use std::time::Duration;

use crate::error::Result;
use crate::render::SqlWriter;

/// A statement that renders to SQL: one, or (for a chunked `insert_many`) several.
///
/// Every builder implements it; [`to_sql`](Self::to_sql) shows the text that will be sent.
pub trait Statement: Send + Sync {
    /// How many statements must be sent; more than one run in one transaction.
    #[doc(hidden)]
    fn parts(&self) -> usize {
        1
    }

    /// Refuses a statement that cannot be valid SQL, before anything is sent.
    #[doc(hidden)]
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// `true` for a SELECT with a row lock (`FOR UPDATE`, ..).
    #[doc(hidden)]
    fn locks_rows(&self) -> bool {
        false
    }

    /// The call's time limit, set with `.timeout(..)`: the terminal cancels the
    /// statement on the server when it passes.
    #[doc(hidden)]
    fn time_limit(&self) -> Option<Duration> {
        None
    }

    /// Refuses the outcome of a run that changed (or returned) `changed` rows, after
    /// it ran: an update with `expect_version` that changed none.
    #[doc(hidden)]
    fn check_changed(&self, _changed: u64) -> Result<()> {
        Ok(())
    }

    /// Writes statement number `part` (`0..parts()`).
    #[doc(hidden)]
    fn render_part<'a>(&'a self, part: usize, w: &mut SqlWriter<'a>);

    /// The SQL text of every part, `;`-separated (for logs, docs and tests).
    fn to_sql(&self) -> String {
        let mut text = String::new();
        for part in 0..self.parts() {
            let mut w = SqlWriter::new();
            self.render_part(part, &mut w);
            if part > 0 {
                text.push_str(";\n");
            }
            text.push_str(w.sql());
        }
        text
    }
}
