//! The WHERE clause.

use crate::expr::{CondNode, Condition};
use crate::render::SqlWriter;

/// The conditions of a statement, ANDed together.
#[derive(Debug, Default)]
pub(crate) struct WhereClause(Option<CondNode>);

impl WhereClause {
    /// The conditions, ANDed, if any.
    pub(crate) fn into_node(self) -> Option<CondNode> {
        self.0
    }

    /// `true` when no condition was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Adds a condition, ANDed with the ones before.
    pub(crate) fn push<T>(&mut self, cond: Condition<T>) {
        self.0 = Some(match self.0.take() {
            Some(node) => node.and(cond.node),
            None => cond.node,
        });
    }

    /// Writes ` AND <conditions>`, after a WHERE the caller wrote.
    pub(crate) fn render_and<'a>(&'a self, w: &mut SqlWriter<'a>) {
        // Every node binds at least as tightly as AND (OR renders its own parentheses).
        if let Some(node) = &self.0 {
            w.push_sql(" AND ");
            node.render(w);
        }
    }

    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        self.render_keyword(" WHERE ", w);
    }

    /// ` WHERE "t"."deleted_at" IS NULL AND ..` when `live` names a soft-delete
    /// column to respect, else the plain WHERE clause.
    pub(crate) fn render_live<'a>(&'a self, live: Option<(&str, &str)>, w: &mut SqlWriter<'a>) {
        match live {
            Some((table, column)) => {
                w.push_sql(" WHERE ");
                w.push_qualified(table, column);
                w.push_sql(" IS NULL");
                self.render_and(w);
            }
            None => self.render(w),
        }
    }

    /// Writes `<keyword><conditions>` (` WHERE ..`, ` HAVING ..`) when there are any.
    pub(crate) fn render_keyword<'a>(&'a self, keyword: &str, w: &mut SqlWriter<'a>) {
        if let Some(node) = &self.0 {
            w.push_sql(keyword);
            node.render(w);
        }
    }
}
