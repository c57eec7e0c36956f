//! Subqueries: `exists`, `not_exists`, `col.in_subquery(..)`, `scalar(..)`, and
//! `outer(col)` to reference the enclosing query from a correlated subquery.

use std::marker::PhantomData;

use super::node::SubqueryNode;
use super::operand::Bound;
use super::{AsExpr, Column, CondNode, Condition, ExprNode, Expression, InSource};
use crate::query::{Here, Select, Selection, Source};
use crate::table::Table;
use crate::types::{ColumnType, HasBase};

pub(crate) fn subquery<S: Source, C: Selection<S> + 'static>(select: Select<S, C>) -> SubqueryNode {
    SubqueryNode(Box::new(select))
}

/// `EXISTS (subquery)`: the subquery returns at least one row.
pub fn exists<T, S: Source, C: Selection<S> + 'static>(select: Select<S, C>) -> Condition<T> {
    Condition::new(CondNode::Exists(subquery(select), false))
}

/// `NOT EXISTS (subquery)`: the subquery returns no row.
pub fn not_exists<T, S: Source, C: Selection<S> + 'static>(select: Select<S, C>) -> Condition<T> {
    Condition::new(CondNode::Exists(subquery(select), true))
}

/// A column of the enclosing query, inside a correlated subquery:
/// `Post::select().filter(Post::AUTHOR_ID.eq(outer(User::ID)))`.
pub fn outer<T, V>(column: Column<T, V>) -> Outer<T, V> {
    Outer(column)
}

/// A column of the enclosing query; see [`outer`].
pub struct Outer<T, V>(Column<T, V>);

impl<S, T: Table, V: ColumnType + HasBase<B>, B> AsExpr<S, B, Bound> for Outer<T, V> {
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
    S: Source,
    C: Selection<S> + 'static,
    C::Output: ColumnType,
{
    Scalar { node: ExprNode::Subquery(subquery(select)), marker: PhantomData }
}

impl<T, V: ColumnType> Expression for Scalar<T, V> {
    type Value = V;

    fn into_node(self) -> ExprNode {
        self.node
    }
}

impl<S, V: ColumnType> InSource<S, Here> for Scalar<S, V> {}

impl<S, V: ColumnType + HasBase<B>, B> AsExpr<S, B, Bound> for Scalar<S, V> {
    fn into_expr(self) -> ExprNode {
        self.node
    }
}
