//! The WHERE clause.

use crate::expr::{CondNode, Condition};
use crate::render::SqlWriter;

/// The conditions of a statement, ANDed together.
#[derive(Debug, Default)]
pub(crate) struct WhereClause(Option<CondNode>);

impl WhereClause {
    /// Adds a condition, ANDed with the ones before.
    pub(crate) fn push<T>(&mut self, cond: Condition<T>) {
        self.0 = Some(match self.0.take() {
            Some(node) => node.and(cond.node),
            None => cond.node,
        });
    }

    /// Writes ` AND <conditions>`, after a WHERE the caller wrote.
    pub(crate) fn render_and<'a>(&'a self, w: &mut SqlWriter<'a>) {
        if let Some(node) = &self.0 {
            w.push_sql(" AND ");
            if matches!(node, CondNode::And(_)) {
                node.render(w);
            } else {
                w.push_sql("(");
                node.render(w);
                w.push_sql(")");
            }
        }
    }

    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        self.render_keyword(" WHERE ", w);
    }

    /// Writes `<keyword><conditions>` (` WHERE ..`, ` HAVING ..`) when there are any.
    pub(crate) fn render_keyword<'a>(&'a self, keyword: &str, w: &mut SqlWriter<'a>) {
        if let Some(node) = &self.0 {
            w.push_sql(keyword);
            node.render(w);
        }
    }
}
