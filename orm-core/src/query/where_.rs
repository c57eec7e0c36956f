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

    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        if let Some(node) = &self.0 {
            w.push_sql(" WHERE ");
            node.render(w);
        }
    }
}
