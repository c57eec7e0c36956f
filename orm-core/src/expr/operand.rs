//! What may stand on the right of an operator or an assignment: `AsExpr`, `AsAssign`.

use super::{Column, Excluded, ExprNode, Expression};
use crate::query::In;
use crate::table::Table;
use crate::types::{ColumnType, HasBase};

/// A value or expression comparable, in a statement over table `T`, with a column
/// whose base type is `B`.
///
/// Implemented for values of type `B` (bound as parameters), `&str` for text,
/// and columns of `T` whose base type is also `B`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with a column of type `{B}` in a query over `{T}`",
    label = "expected a value of type `{B}`, or a column of the queried tables of the same type",
    note = "both sides of a comparison must have the same SQL type, and columns must belong to the queried tables"
)]
pub trait AsExpr<T, B, J = Bound> {
    /// The expression node.
    #[doc(hidden)]
    fn into_expr(self) -> ExprNode;
}

/// The position marker of a bound value in [`AsExpr`].
#[derive(Debug)]
pub struct Bound;

impl<T, B: ColumnType<Base = B>> AsExpr<T, B, Bound> for B {
    fn into_expr(self) -> ExprNode {
        ExprNode::bind(self)
    }
}

impl<T> AsExpr<T, String, Bound> for &str {
    fn into_expr(self) -> ExprNode {
        ExprNode::bind(self.to_owned())
    }
}

impl<S, J, T: Table + In<S, J>, V: ColumnType + HasBase<B>, B> AsExpr<S, B, J> for Column<T, V> {
    fn into_expr(self) -> ExprNode {
        self.into_node()
    }
}

/// A value or expression that `.set(col, value)` can assign, in a statement over
/// table `T`, to a column of type `V`.
///
/// Implemented for `V` itself, `X` for an `Option<X>` column, `&str` for text, and
/// columns of `T` of the same type; upserts also take [`excluded`](super::excluded).
#[diagnostic::on_unimplemented(
    message = "cannot assign `{Self}` to a column of type `{V}` of `{T}`",
    label = "expected a value of type `{V}`",
    note = "`.set(column, value)` takes a value of the column's own type, or a column of the same table; `excluded(..)` belongs in `.on_conflict(..).do_update()`"
)]
pub trait AsAssign<T, V> {
    /// The expression node.
    #[doc(hidden)]
    fn into_assign(self) -> ExprNode;
}

/// The values and columns both `.set(..)`s accept; spelled out per trait, because a
/// blanket `impl<R: AsAssign> AsUpsertValue for R` would overlap with `Excluded`.
macro_rules! assignable {
    ($trait:ident, $method:ident) => {
        impl<T, V: ColumnType> $trait<T, V> for V {
            fn $method(self) -> ExprNode {
                ExprNode::bind(self)
            }
        }

        impl<T, V: ColumnType<Base = V>> $trait<T, Option<V>> for V {
            fn $method(self) -> ExprNode {
                ExprNode::bind(Some(self))
            }
        }

        impl<T> $trait<T, String> for &str {
            fn $method(self) -> ExprNode {
                ExprNode::bind(self.to_owned())
            }
        }

        impl<T> $trait<T, Option<String>> for &str {
            fn $method(self) -> ExprNode {
                ExprNode::bind(Some(self.to_owned()))
            }
        }

        impl<T: Table, V: ColumnType> $trait<T, V> for Column<T, V> {
            fn $method(self) -> ExprNode {
                self.into_node()
            }
        }
    };
}

assignable!(AsAssign, into_assign);
assignable!(AsUpsertValue, into_upsert_value);

/// What an upsert's `.set(col, value)` can assign: anything [`AsAssign`] takes, and
/// [`excluded`](super::excluded)`(col)`, the value the insert proposed.
#[diagnostic::on_unimplemented(
    message = "cannot assign `{Self}` to a column of type `{V}` of `{T}`",
    label = "expected a value of type `{V}`, or `excluded(..)` of a column of `{T}`"
)]
pub trait AsUpsertValue<T, V> {
    /// The expression node.
    #[doc(hidden)]
    fn into_upsert_value(self) -> ExprNode;
}

impl<T: Table, V: ColumnType> AsUpsertValue<T, V> for Excluded<T, V> {
    fn into_upsert_value(self) -> ExprNode {
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
