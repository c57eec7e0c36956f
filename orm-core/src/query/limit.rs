//! LIMIT and OFFSET, bound as parameters so one prepared statement serves every page.

use crate::render::SqlWriter;

/// LIMIT and OFFSET of a SELECT.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LimitOffset {
    limit: Option<i64>,
    /// `limit + 1`: a keyset page reads one row more, to tell whether another page follows.
    limit_and_one: i64,
    pub(crate) offset: Option<i64>,
}

impl LimitOffset {
    /// The LIMIT, if one was given.
    pub(crate) fn limit(&self) -> Option<i64> {
        self.limit
    }

    pub(crate) fn set_limit(&mut self, n: i64) {
        self.limit = Some(n);
        self.limit_and_one = n.saturating_add(1);
    }

    /// Writes ` LIMIT $n OFFSET $m`; with `one_more`, the LIMIT binds one row more.
    pub(crate) fn render<'a>(&'a self, one_more: bool, w: &mut SqlWriter<'a>) {
        if let Some(limit) = &self.limit {
            w.push_sql(" LIMIT ");
            w.push_bind(if one_more { &self.limit_and_one } else { limit });
        }
        if let Some(offset) = &self.offset {
            w.push_sql(" OFFSET ");
            w.push_bind(offset);
        }
    }
}

/// A row count as PostgreSQL's bigint, saturating.
pub(crate) fn to_bigint(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
