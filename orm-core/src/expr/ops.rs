//! `Expression` and the operators every expression offers (`ExprOps`).

use super::subquery::subquery;
use super::{AsExpr, CondNode, Condition, ExprNode, OrderTerm, TextType};
use crate::query::{Select, Selection};
use crate::table::Table;
use crate::types::{ColumnType, HasBase};

/// A typed SQL expression over the columns of `Table` whose values are `Value`.
pub trait Expression: Sized {
    /// The table whose columns the expression reads.
    type Table;
    /// The Rust type of the expression's values (`Option<_>` when it may be NULL).
    type Value: ColumnType;

    /// The expression node.
    #[doc(hidden)]
    fn into_node(self) -> ExprNode;
}

type Base<E> = <<E as Expression>::Value as ColumnType>::Base;

/// Operators on typed expressions. Both sides must have the same SQL type.
///
/// ```
/// # use orm_core::expr::ExprOps;
/// # fn demo<E: ExprOps + orm_core::expr::Expression<Value = i32>>(age: E) {
/// let adult = age.ge(18);
/// # }
/// ```
pub trait ExprOps: Expression {
    /// `self = rhs`
    fn eq<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " = ", rhs)
    }
    /// `self <> rhs`
    fn ne<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " <> ", rhs)
    }
    /// `self > rhs`
    fn gt<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " > ", rhs)
    }
    /// `self >= rhs`
    fn ge<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " >= ", rhs)
    }
    /// `self < rhs`
    fn lt<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " < ", rhs)
    }
    /// `self <= rhs`
    fn le<R: AsExpr<Self::Table, Base<Self>>>(self, rhs: R) -> Condition<Self::Table> {
        compare(self, " <= ", rhs)
    }
    /// `self IS NULL`
    #[allow(clippy::wrong_self_convention)] // named after the SQL it renders
    fn is_null(self) -> Condition<Self::Table> {
        Condition::new(CondNode::IsNull(self.into_node(), false))
    }
    /// `self IS NOT NULL`
    #[allow(clippy::wrong_self_convention)] // named after the SQL it renders
    fn is_not_null(self) -> Condition<Self::Table> {
        Condition::new(CondNode::IsNull(self.into_node(), true))
    }
    /// `self = ANY($1)`, with the values bound as one array parameter.
    fn in_list<I>(self, values: I) -> Condition<Self::Table>
    where
        I: IntoIterator,
        I::Item: Into<Base<Self>>,
        Vec<Base<Self>>: postgres_types::ToSql,
    {
        any_of(self, values, false)
    }
    /// `NOT (self = ANY($1))`, with the values bound as one array parameter.
    fn not_in<I>(self, values: I) -> Condition<Self::Table>
    where
        I: IntoIterator,
        I::Item: Into<Base<Self>>,
        Vec<Base<Self>>: postgres_types::ToSql,
    {
        any_of(self, values, true)
    }
    /// `self BETWEEN lo AND hi` (both ends included).
    fn between<L: AsExpr<Self::Table, Base<Self>>, H: AsExpr<Self::Table, Base<Self>>>(
        self,
        lo: L,
        hi: H,
    ) -> Condition<Self::Table> {
        Condition::new(CondNode::Between(self.into_node(), lo.into_expr(), hi.into_expr()))
    }
    /// `self LIKE pattern` (case-sensitive; `%` and `_` are wildcards). Text columns only.
    fn like(self, pattern: impl Into<String>) -> Condition<Self::Table>
    where
        Base<Self>: TextType,
    {
        let pattern = ExprNode::bind(pattern.into());
        Condition::new(CondNode::Compare(self.into_node(), " LIKE ", pattern))
    }
    /// `self ILIKE pattern` (case-insensitive). Text columns only.
    fn ilike(self, pattern: impl Into<String>) -> Condition<Self::Table>
    where
        Base<Self>: TextType,
    {
        let pattern = ExprNode::bind(pattern.into());
        Condition::new(CondNode::Compare(self.into_node(), " ILIKE ", pattern))
    }
    /// `self IN (subquery)`: the subquery returns one column of the same type.
    fn in_subquery<S: Table, C: Selection<S> + 'static>(self, select: Select<S, C>) -> Condition<Self::Table>
    where
        C::Output: HasBase<Base<Self>>,
    {
        Condition::new(CondNode::InSubquery(self.into_node(), subquery(select), false))
    }

    /// `self NOT IN (subquery)`.
    fn not_in_subquery<S: Table, C: Selection<S> + 'static>(
        self,
        select: Select<S, C>,
    ) -> Condition<Self::Table>
    where
        C::Output: HasBase<Base<Self>>,
    {
        Condition::new(CondNode::InSubquery(self.into_node(), subquery(select), true))
    }

    /// Ascending order: `self ASC`.
    fn asc(self) -> OrderTerm<Self::Table> {
        OrderTerm::new(self.into_node(), false)
    }
    /// Descending order: `self DESC`.
    fn desc(self) -> OrderTerm<Self::Table> {
        OrderTerm::new(self.into_node(), true)
    }
}

impl<E: Expression> ExprOps for E {}

fn compare<E: Expression, R: AsExpr<E::Table, Base<E>>>(
    lhs: E,
    op: &'static str,
    rhs: R,
) -> Condition<E::Table> {
    Condition::new(CondNode::Compare(lhs.into_node(), op, rhs.into_expr()))
}

fn any_of<E, I>(expr: E, values: I, negated: bool) -> Condition<E::Table>
where
    E: Expression,
    I: IntoIterator,
    I::Item: Into<Base<E>>,
    Vec<Base<E>>: postgres_types::ToSql,
{
    let list: Vec<Base<E>> = values.into_iter().map(Into::into).collect();
    Condition::new(CondNode::AnyOf(expr.into_node(), ExprNode::bind(list), negated))
}
