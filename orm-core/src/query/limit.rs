//! LIMIT and OFFSET, bound as parameters so one prepared statement serves every page.

use crate::render::SqlWriter;

/// LIMIT and OFFSET of a SELECT.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LimitOffset {
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
}

impl LimitOffset {
    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        if let Some(limit) = &self.limit {
            w.push_sql(" LIMIT ");
            w.push_bind(limit);
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
