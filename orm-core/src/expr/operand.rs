//! What may stand on the right of an operator or an assignment: `AsExpr`, `AsAssign`.

use super::{Column, Excluded, ExprNode, Expression};
use crate::table::Table;
use crate::types::{ColumnType, HasBase};

/// A value or expression comparable with a column whose base type is `B`.
///
/// Implemented for values of type `B` (bound as parameters), `&str` for text,
/// and columns whose base type is also `B`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with a column of type `{B}`",
    label = "expected a `{B}` value or a column of the same type",
    note = "both sides of a comparison must have the same SQL type; convert the value first"
)]
pub trait AsExpr<B> {
    /// The expression node.
    #[doc(hidden)]
    fn into_expr(self) -> ExprNode;
}

impl<B: ColumnType<Base = B>> AsExpr<B> for B {
    fn into_expr(self) -> ExprNode {
        ExprNode::bind(self)
    }
}

impl AsExpr<String> for &str {
    fn into_expr(self) -> ExprNode {
        ExprNode::bind(self.to_owned())
    }
}

impl<T: Table, V: ColumnType + HasBase<B>, B> AsExpr<B> for Column<T, V> {
    fn into_expr(self) -> ExprNode {
        self.into_node()
    }
}

/// A value or expression that can be assigned to a column of type `V` by `.set(col, value)`.
///
/// Implemented for `V` itself, `T` for an `Option<T>` column, `&str` for text,
/// columns of the same type, and [`excluded`](super::excluded) in upserts.
#[diagnostic::on_unimplemented(
    message = "cannot assign `{Self}` to a column of type `{V}`",
    label = "expected a value of type `{V}`",
    note = "`.set(column, value)` takes a value of the column's own type"
)]
pub trait AsAssign<V> {
    /// The expression node.
    #[doc(hidden)]
    fn into_assign(self) -> ExprNode;
}

impl<V: ColumnType> AsAssign<V> for V {
    fn into_assign(self) -> ExprNode {
        ExprNode::bind(self)
    }
}

impl<V: ColumnType<Base = V>> AsAssign<Option<V>> for V {
    fn into_assign(self) -> ExprNode {
        ExprNode::bind(Some(self))
    }
}

impl AsAssign<String> for &str {
    fn into_assign(self) -> ExprNode {
        ExprNode::bind(self.to_owned())
    }
}

impl AsAssign<Option<String>> for &str {
    fn into_assign(self) -> ExprNode {
        ExprNode::bind(Some(self.to_owned()))
    }
}

impl<T: Table, V: ColumnType> AsAssign<V> for Column<T, V> {
    fn into_assign(self) -> ExprNode {
        self.into_node()
    }
}

impl<T: Table, V: ColumnType> AsAssign<V> for Excluded<T, V> {
    fn into_assign(self) -> ExprNode {
        self.into_node()
    }
}

/// Column types that `like` and `ilike` accept: text.
#[diagnostic::on_unimplemented(
    message = "`like` and `ilike` need a text column, but this column holds `{Self}`",
    label = "not a text column",
    note = "pattern matching is defined for `String` columns only; compare other types with `eq`, `between` or `in_list`"
)]
pub trait TextType {}

impl TextType for String {}
