//! `Expression`, `InSource` and the operators every expression offers (`ExprOps`).

use super::subquery::subquery;
use super::{AsExpr, CondNode, Condition, Containable, ExprNode, OrderTerm, TextType};
use crate::query::{Select, Selection, Source};
use crate::types::{ColumnType, HasBase};

/// A typed SQL expression whose values are `Value`.
pub trait Expression: Sized {
    /// The Rust type of the expression's values (`Option<_>` when it may be NULL).
    type Value: ColumnType;

    /// The expression node.
    #[doc(hidden)]
    fn into_node(self) -> ExprNode;
}

/// An expression usable in a query over source `S` (its table is one of `S`'s, at
/// position `I`, which the compiler infers).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not belong to the tables of this query (`{S}`)",
    label = "a column of a table the query does not read",
    note = "use columns of the queried table, or join their table first with `inner_join` / `left_join`"
)]
pub trait InSource<S, I>: Expression {}

type Base<E> = <<E as Expression>::Value as ColumnType>::Base;

/// Operators on typed expressions. Both sides must have the same SQL type, and every
/// column must belong to a table of the query the condition is used in (`S`, inferred
/// from where the condition goes: `.filter(..)`, `.having(..)`, a join's `on`).
///
/// ```
/// # use orm_core::expr::{Condition, ExprOps, InSource};
/// # fn demo<S, I, E: ExprOps + InSource<S, I, Value = i32>>(age: E) -> Condition<S> {
/// age.ge(18)
/// # }
/// ```
pub trait ExprOps: Expression {
    /// `self = rhs`
    fn eq<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " = ", rhs)
    }
    /// `self <> rhs`
    fn ne<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " <> ", rhs)
    }
    /// `self > rhs`
    fn gt<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " > ", rhs)
    }
    /// `self >= rhs`
    fn ge<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " >= ", rhs)
    }
    /// `self < rhs`
    fn lt<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " < ", rhs)
    }
    /// `self <= rhs`
    fn le<S, I, J, R: AsExpr<S, Base<Self>, J>>(self, rhs: R) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        compare(self, " <= ", rhs)
    }
    /// `self IS NULL`
    #[allow(clippy::wrong_self_convention)] // named after the SQL it renders
    fn is_null<S, I>(self) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        Condition::new(CondNode::IsNull(self.into_node(), false))
    }
    /// `self IS NOT NULL`
    #[allow(clippy::wrong_self_convention)] // named after the SQL it renders
    fn is_not_null<S, I>(self) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        Condition::new(CondNode::IsNull(self.into_node(), true))
    }
    /// `self = ANY($1)`, with the values bound as one array parameter.
    fn in_list<S, I, L>(self, values: L) -> Condition<S>
    where
        Self: InSource<S, I>,
        L: IntoIterator,
        L::Item: Into<Base<Self>>,
        Vec<Base<Self>>: postgres_types::ToSql,
    {
        any_of(self, values, false)
    }
    /// `NOT (self = ANY($1))`, with the values bound as one array parameter.
    fn not_in<S, I, L>(self, values: L) -> Condition<S>
    where
        Self: InSource<S, I>,
        L: IntoIterator,
        L::Item: Into<Base<Self>>,
        Vec<Base<Self>>: postgres_types::ToSql,
    {
        any_of(self, values, true)
    }
    /// `self BETWEEN lo AND hi` (both ends included).
    fn between<S, I, JL, JH, L, H>(self, lo: L, hi: H) -> Condition<S>
    where
        Self: InSource<S, I>,
        L: AsExpr<S, Base<Self>, JL>,
        H: AsExpr<S, Base<Self>, JH>,
    {
        Condition::new(CondNode::Between(self.into_node(), lo.into_expr(), hi.into_expr()))
    }
    /// `self LIKE pattern` (case-sensitive; `%` and `_` are wildcards). Text columns only.
    fn like<S, I>(self, pattern: impl Into<String>) -> Condition<S>
    where
        Self: InSource<S, I>,
        Base<Self>: TextType,
    {
        like_node(self.into_node(), " LIKE ", pattern.into())
    }
    /// `self ILIKE pattern` (case-insensitive). Text columns only.
    fn ilike<S, I>(self, pattern: impl Into<String>) -> Condition<S>
    where
        Self: InSource<S, I>,
        Base<Self>: TextType,
    {
        like_node(self.into_node(), " ILIKE ", pattern.into())
    }
    /// On a text column, `self LIKE '%text%'` with `text` matched literally: its `%`,
    /// `_` and `\` are escaped, so `contains("50%")` finds "50%" and not "500".
    ///
    /// On a jsonb column (or a [`JsonPath`](super::JsonPath)), `self @> $1`: the
    /// document contains the JSON value given (`json!({"plan": "pro"})` or
    /// `Json(value)`), bound as one jsonb parameter; a GIN index on the column serves it.
    fn contains<S, I, A>(self, needle: A) -> Condition<S>
    where
        Self: InSource<S, I>,
        Base<Self>: Containable<A>,
    {
        <Base<Self> as Containable<A>>::contains_condition(self.into_node(), needle)
    }
    /// `self LIKE 'text%'` with `text` matched literally (see [`contains`](Self::contains)).
    fn starts_with<S, I>(self, text: impl AsRef<str>) -> Condition<S>
    where
        Self: InSource<S, I>,
        Base<Self>: TextType,
    {
        self.like(format!("{}%", like_literal(text.as_ref())))
    }
    /// `self LIKE '%text'` with `text` matched literally (see [`contains`](Self::contains)).
    fn ends_with<S, I>(self, text: impl AsRef<str>) -> Condition<S>
    where
        Self: InSource<S, I>,
        Base<Self>: TextType,
    {
        self.like(format!("%{}", like_literal(text.as_ref())))
    }
    /// `self IN (subquery)`: the subquery returns one column of the same type.
    fn in_subquery<S, I, S2: Source, C: Selection<S2> + 'static>(self, select: Select<S2, C>) -> Condition<S>
    where
        Self: InSource<S, I>,
        C::Output: HasBase<Base<Self>>,
    {
        Condition::new(CondNode::InSubquery(self.into_node(), subquery(select), false))
    }
    /// `self NOT IN (subquery)`.
    fn not_in_subquery<S, I, S2: Source, C: Selection<S2> + 'static>(
        self,
        select: Select<S2, C>,
    ) -> Condition<S>
    where
        Self: InSource<S, I>,
        C::Output: HasBase<Base<Self>>,
    {
        Condition::new(CondNode::InSubquery(self.into_node(), subquery(select), true))
    }
    /// Ascending order: `self ASC`.
    fn asc<S, I>(self) -> OrderTerm<S>
    where
        Self: InSource<S, I>,
    {
        OrderTerm::new(self.into_node(), false)
    }
    /// Descending order: `self DESC`.
    fn desc<S, I>(self) -> OrderTerm<S>
    where
        Self: InSource<S, I>,
    {
        OrderTerm::new(self.into_node(), true)
    }
}

impl<E: Expression> ExprOps for E {}

fn compare<S, J, E: Expression, R: AsExpr<S, Base<E>, J>>(lhs: E, op: &'static str, rhs: R) -> Condition<S> {
    Condition::new(CondNode::Compare(lhs.into_node(), op, rhs.into_expr()))
}

fn any_of<S, E, L>(expr: E, values: L, negated: bool) -> Condition<S>
where
    E: Expression,
    L: IntoIterator,
    L::Item: Into<Base<E>>,
    Vec<Base<E>>: postgres_types::ToSql,
{
    let list: Vec<Base<E>> = values.into_iter().map(Into::into).collect();
    Condition::new(CondNode::AnyOf(expr.into_node(), ExprNode::bind(list), negated))
}

/// `expr LIKE pattern`, or a refusal when PostgreSQL would reject the pattern (one
/// ending in a lone `\`, its escape character) so nothing is sent.
pub(super) fn like_node<S>(expr: ExprNode, op: &'static str, pattern: String) -> Condition<S> {
    let trailing = pattern.bytes().rev().take_while(|&b| b == b'\\').count();
    if trailing % 2 == 1 {
        return Condition::new(CondNode::Refused(
            "a LIKE pattern must not end with a lone `\\` (LIKE's escape character): write `\\\\` for a literal backslash, or use contains / starts_with / ends_with to match text literally",
        ));
    }
    Condition::new(CondNode::Compare(expr, op, ExprNode::bind(pattern)))
}

/// `text` as a LIKE pattern matching only itself: `\`, `%` and `_` escaped with `\`
/// (LIKE's default escape character, whatever `standard_conforming_strings` says,
/// since the pattern travels as a bound value). For patterns `contains`,
/// `starts_with` and `ends_with` do not write, such as a case-insensitive search:
///
/// ```
/// use orm_core::expr::like_literal;
///
/// assert_eq!(format!("%{}%", like_literal("50%_off")), r"%50\%\_off%");
/// ```
pub fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
