//! `Condition`: a boolean expression for WHERE, combined with and / or / not.

use std::fmt;
use std::marker::PhantomData;

use super::ExprNode;
use super::node::SubqueryNode;
use crate::render::SqlWriter;

/// A boolean condition on the columns of table `T`, built from column operators
/// (`User::EMAIL.eq(..)`) and combined with [`and`](Self::and), [`or`](Self::or)
/// and [`not`](Self::not). A statement over `T` only accepts a `Condition<T>`.
#[must_use = "a condition does nothing until it is passed to `.filter(..)`"]
pub struct Condition<T> {
    pub(crate) node: CondNode,
    table: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Condition<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

#[derive(Debug)]
pub(crate) enum CondNode {
    /// `lhs <op> rhs`
    Compare(ExprNode, &'static str, ExprNode),
    /// `expr IS NULL` / `expr IS NOT NULL`
    IsNull(ExprNode, bool),
    /// `expr = ANY(list)` / `NOT (expr = ANY(list))`
    AnyOf(ExprNode, ExprNode, bool),
    /// `expr BETWEEN lo AND hi`
    Between(ExprNode, ExprNode, ExprNode),
    /// `EXISTS (subquery)` / `NOT EXISTS (subquery)`
    Exists(SubqueryNode, bool),
    /// `expr IN (subquery)` / `expr NOT IN (subquery)`
    InSubquery(ExprNode, SubqueryNode, bool),
    And(Vec<CondNode>),
    Or(Vec<CondNode>),
    Not(Box<CondNode>),
    /// A condition PostgreSQL would refuse, for this reason: the statement is not sent
    /// (it renders as `FALSE` for `to_sql`).
    Refused(&'static str),
}

impl<T> Condition<T> {
    pub(crate) fn new(node: CondNode) -> Self {
        Condition { node, table: PhantomData }
    }

    /// Both conditions hold: `a AND b`.
    pub fn and(self, other: Condition<T>) -> Condition<T> {
        Condition::new(self.node.and(other.node))
    }

    /// Either condition holds: `(a OR b)`.
    pub fn or(self, other: Condition<T>) -> Condition<T> {
        let node = match self.node {
            CondNode::Or(mut items) => {
                items.push(other.node);
                CondNode::Or(items)
            }
            node => CondNode::Or(vec![node, other.node]),
        };
        Condition::new(node)
    }

    /// The condition does not hold: `NOT (a)`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Condition<T> {
        Condition::new(CondNode::Not(Box::new(self.node)))
    }
}

/// `NOT (cond)`, as a free function.
pub fn not<T>(cond: Condition<T>) -> Condition<T> {
    cond.not()
}

impl CondNode {
    /// `self AND other`, flattening nested ANDs.
    pub(crate) fn and(self, other: CondNode) -> CondNode {
        match self {
            CondNode::And(mut items) => {
                items.push(other);
                CondNode::And(items)
            }
            node => CondNode::And(vec![node, other]),
        }
    }

    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        match self {
            CondNode::Refused(why) => {
                w.refuse(why);
                w.push_sql("FALSE");
            }
            CondNode::Compare(lhs, op, rhs) => {
                lhs.render(w);
                w.push_sql(op);
                rhs.render(w);
            }
            CondNode::IsNull(expr, negated) => {
                expr.render(w);
                w.push_sql(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            CondNode::AnyOf(expr, list, negated) => {
                if *negated {
                    w.push_sql("NOT (");
                }
                expr.render(w);
                w.push_sql(" = ANY(");
                list.render(w);
                w.push_sql(if *negated { "))" } else { ")" });
            }
            CondNode::Between(expr, lo, hi) => {
                expr.render(w);
                w.push_sql(" BETWEEN ");
                lo.render(w);
                w.push_sql(" AND ");
                hi.render(w);
            }
            CondNode::Exists(select, negated) => {
                w.push_sql(if *negated { "NOT EXISTS " } else { "EXISTS " });
                select.render(w);
            }
            CondNode::InSubquery(expr, select, negated) => {
                expr.render(w);
                w.push_sql(if *negated { " NOT IN " } else { " IN " });
                select.render(w);
            }
            CondNode::And(items) => render_joined(items, " AND ", w),
            CondNode::Or(items) => {
                w.push_sql("(");
                render_joined(items, " OR ", w);
                w.push_sql(")");
            }
            CondNode::Not(inner) => {
                w.push_sql("NOT (");
                inner.render(w);
                w.push_sql(")");
            }
        }
    }
}

fn render_joined<'a>(items: &'a [CondNode], separator: &str, w: &mut SqlWriter<'a>) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.push_sql(separator);
        }
        item.render(w);
    }
}
