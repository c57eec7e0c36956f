//! Subqueries: `exists`, `not_exists`, `col.in_subquery(..)`, `scalar(..)`, and
//! `outer(col)` to reference the enclosing query from a correlated subquery.

use std::marker::PhantomData;

use super::node::SubqueryNode;
use super::{AsExpr, Column, CondNode, Condition, ExprNode, Expression};
use crate::query::{Select, Selection};
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::{ColumnType, HasBase};

pub(crate) fn subquery<S: Table, C: Selection<S> + 'static>(select: Select<S, C>) -> SubqueryNode {
    SubqueryNode(Box::new(select))
}

/// `EXISTS (subquery)`: the subquery returns at least one row.
pub fn exists<T, S: Table, C: Selection<S> + 'static>(select: Select<S, C>) -> Condition<T> {
    Condition::new(CondNode::Exists(subquery(select), false))
}

/// `NOT EXISTS (subquery)`: the subquery returns no row.
pub fn not_exists<T, S: Table, C: Selection<S> + 'static>(select: Select<S, C>) -> Condition<T> {
    Condition::new(CondNode::Exists(subquery(select), true))
}

/// A column of the enclosing query, inside a correlated subquery:
/// `Post::select().filter(Post::AUTHOR_ID.eq(outer(User::ID)))`.
pub fn outer<T, V>(column: Column<T, V>) -> Outer<T, V> {
    Outer(column)
}

/// A column of the enclosing query; see [`outer`].
pub struct Outer<T, V>(Column<T, V>);

impl<S, T: Table, V: ColumnType + HasBase<B>, B> AsExpr<S, B> for Outer<T, V> {
    fn into_expr(self) -> ExprNode {
        ExprNode::Outer { table: <T as Table>::NAME, column: self.0.name() }
    }
}

/// A subquery of one column and at most one row, used as a value: `NULL` (so `None`)
/// when it returns no row. Build it with [`scalar`].
pub struct Scalar<T, V> {
    node: ExprNode,
    marker: PhantomData<fn() -> (T, V)>,
}

/// `(SELECT ..)` as a value of the enclosing query over `T`.
pub fn scalar<T, S, C>(select: Select<S, C>) -> Scalar<T, Option<<C::Output as ColumnType>::Base>>
where
    S: Table,
    C: Selection<S> + 'static,
    C::Output: ColumnType,
{
    Scalar { node: ExprNode::Subquery(subquery(select)), marker: PhantomData }
}

impl<T: Table, V: ColumnType> Expression for Scalar<T, V> {
    type Table = T;
    type Value = V;

    fn into_node(self) -> ExprNode {
        self.node
    }
}

impl<T: Table, V: ColumnType> Selection<T> for Scalar<T, V> {
    type Output = V;

    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
        self.node.render(w);
    }
}

impl<S, V: ColumnType + HasBase<B>, B> AsExpr<S, B> for Scalar<S, V> {
    fn into_expr(self) -> ExprNode {
        self.node
    }
}
