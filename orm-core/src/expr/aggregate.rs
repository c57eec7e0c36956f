//! Aggregates: `count`, `count_distinct`, `sum`, `avg`, `min`, `max`, with result
//! types that say what PostgreSQL returns (`sum` of `i32` is `Option<i64>`).

use std::marker::PhantomData;

use super::{Column, ExprNode, Expression, InSource};
use crate::query::In;
use crate::table::Table;
use crate::types::ColumnType;

/// An aggregate over rows of `T` whose value is `V`; select it with `.columns(..)`
/// or compare it in `.having(..)`.
pub struct Aggregate<T, V> {
    node: ExprNode,
    marker: PhantomData<fn() -> (T, V)>,
}

impl<T, V> Aggregate<T, V> {
    fn new(name: &'static str, distinct: bool, arg: Option<ExprNode>) -> Self {
        Aggregate {
            node: ExprNode::Aggregate { name, distinct, arg: arg.map(Box::new) },
            marker: PhantomData,
        }
    }
}

impl<T: Table, V: ColumnType> Expression for Aggregate<T, V> {
    type Value = V;

    fn into_node(self) -> ExprNode {
        self.node
    }
}

impl<S, I, T: Table + In<S, I>, V: ColumnType> InSource<S, I> for Aggregate<T, V> {}

/// `count(col)`: the rows where `col` is not NULL.
pub fn count<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, i64> {
    Aggregate::new("count", false, Some(column.into_node()))
}

/// `count(*)`: every row of `T` (name the table: `count_all::<User>()`).
pub fn count_all<T: Table>() -> Aggregate<T, i64> {
    Aggregate::new("count", false, None)
}

/// `count(DISTINCT col)`: the distinct non-NULL values of `col`.
pub fn count_distinct<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, i64> {
    Aggregate::new("count", true, Some(column.into_node()))
}

/// `sum(col)`: `None` over no rows; the type PostgreSQL sums into (`i32` → `i64`, `i64` → `Decimal`).
pub fn sum<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, <V::Base as Summable>::Sum>
where
    V::Base: Summable,
{
    Aggregate::new("sum", false, Some(column.into_node()))
}

/// `avg(col)`: `None` over no rows; `Decimal` for integers and numeric, `f64` for floats.
pub fn avg<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, <V::Base as Averageable>::Avg>
where
    V::Base: Averageable,
{
    Aggregate::new("avg", false, Some(column.into_node()))
}

/// `min(col)`: `None` over no rows.
pub fn min<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, Option<V::Base>>
where
    V::Base: Ordered,
{
    Aggregate::new("min", false, Some(column.into_node()))
}

/// `max(col)`: `None` over no rows.
pub fn max<T: Table, V: ColumnType>(column: Column<T, V>) -> Aggregate<T, Option<V::Base>>
where
    V::Base: Ordered,
{
    Aggregate::new("max", false, Some(column.into_node()))
}

/// A column type PostgreSQL's `min` and `max` are defined for: numbers, text, dates
/// and times, and enums (in declaration order).
#[diagnostic::on_unimplemented(
    message = "`min` and `max` are not defined for a column of type `{Self}`",
    note = "they order numbers, text, dates and times, and enums"
)]
pub trait Ordered {}

macro_rules! ordered {
    ($($ty:ty),*) => {$( impl Ordered for $ty {} )*};
}

ordered!(
    i16,
    i32,
    i64,
    f32,
    f64,
    String,
    chrono::NaiveDate,
    chrono::NaiveDateTime,
    chrono::NaiveTime,
    chrono::DateTime<chrono::Utc>
);

#[cfg(feature = "decimal")]
impl Ordered for rust_decimal::Decimal {}

/// A column type `sum` accepts, and the type PostgreSQL returns for it.
#[diagnostic::on_unimplemented(
    message = "`sum` is not defined for a column of type `{Self}`",
    note = "sum numbers: i16, i32, i64, f32, f64, Decimal"
)]
pub trait Summable {
    /// `sum`'s result type (always an `Option`: the sum of no rows is NULL).
    type Sum: ColumnType;
}

/// A column type `avg` accepts, and the type PostgreSQL returns for it.
#[diagnostic::on_unimplemented(
    message = "`avg` is not defined for a column of type `{Self}`",
    note = "average numbers: i16, i32, i64, f32, f64, Decimal"
)]
pub trait Averageable {
    /// `avg`'s result type (always an `Option`: the average of no rows is NULL).
    type Avg: ColumnType;
}

/// `impl Trait for Type { type Assoc = Result; }`, once per pair: what PostgreSQL returns.
macro_rules! result_types {
    ($trait:ident::$assoc:ident: $($ty:ty => $out:ty),* $(,)?) => {$(
        impl $trait for $ty {
            type $assoc = $out;
        }
    )*};
}

result_types!(Summable::Sum: i16 => Option<i64>, i32 => Option<i64>, f32 => Option<f32>, f64 => Option<f64>);
result_types!(Averageable::Avg: f32 => Option<f64>, f64 => Option<f64>);

#[cfg(feature = "decimal")]
mod numeric {
    use rust_decimal::Decimal;

    use super::{Averageable, Summable};

    result_types!(Summable::Sum: i64 => Option<Decimal>, Decimal => Option<Decimal>);
    result_types!(Averageable::Avg:
        i16 => Option<Decimal>, i32 => Option<Decimal>, i64 => Option<Decimal>, Decimal => Option<Decimal>);
}
