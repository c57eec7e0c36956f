//! `Selection`: what a SELECT (or RETURNING) yields: whole rows, or picked columns
//! and aggregates (`.columns(..)`), decoded by position.

use std::marker::PhantomData;

use tokio_postgres::Row;

use super::source::{In, Nullability, Source};
use crate::error::Result;
use crate::expr::{Aggregate, Column, ExprNode, Expression, JsonPath, JsonText, Scalar};
use crate::render::SqlWriter;
use crate::row::decode;
use crate::table::Table;
use crate::types::ColumnType;

/// Columns a query over `S` returns, and how each row decodes.
pub trait Selection<S>: Send + Sync {
    /// The type each row decodes into.
    type Output: Send;

    /// Writes the comma-separated column list.
    #[doc(hidden)]
    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>);

    /// Decodes one row.
    #[doc(hidden)]
    fn decode(&self, row: &Row) -> Result<Self::Output>;

    /// `true` when the list holds an aggregate (the query then yields one row per group).
    #[doc(hidden)]
    fn aggregates(&self) -> bool {
        false
    }
}

/// Every column of every table of `S` (the default of `T::select()`): `T`, or a tuple
/// of rows for a join.
pub struct AllColumns<S>(PhantomData<fn() -> S>);

impl<S> Default for AllColumns<S> {
    fn default() -> Self {
        AllColumns(PhantomData)
    }
}

impl<S: Source> Selection<S> for AllColumns<S> {
    type Output = S::Row;

    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
        S::render_all_columns(w);
    }

    fn decode(&self, row: &Row) -> Result<S::Row> {
        S::decode_row(row, 0)
    }
}

/// Writes `"t"."a", "t"."b", ..` for every column of `T`.
pub(crate) fn render_all_columns<T: Table>(w: &mut SqlWriter<'_>) {
    if w.at_top_level() {
        // The same text every time: written once per table.
        w.push_sql(T::__column_list());
    } else {
        push_all_columns::<T>(w);
    }
}

fn push_all_columns<T: Table>(w: &mut SqlWriter<'_>) {
    for (i, column) in T::meta().columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_qualified(<T as Table>::NAME, column.name);
    }
}

/// Every column of `T`, qualified, as the outermost query writes them.
pub(crate) fn column_list<T: Table>() -> String {
    let mut w = SqlWriter::new();
    push_all_columns::<T>(&mut w);
    w.finish().0
}

/// What `.columns(..)` accepts for a query over `S`: a column or aggregate of one of
/// its tables, or a tuple of them. `I` is the position the compiler infers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from `{S}`",
    note = "select columns or aggregates of the queried tables, or a tuple of them"
)]
pub trait Pick<S, I> {
    /// The decoded value: a column's type (`Option` for a left-joined table), or a tuple.
    type Output: Send;
    /// How many result columns.
    const WIDTH: usize;

    /// Appends the expressions; says whether any is an aggregate.
    #[doc(hidden)]
    fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool;

    /// Decodes the value from columns `start..start + WIDTH`.
    #[doc(hidden)]
    fn decode_at(row: &Row, start: usize) -> Result<Self::Output>;
}

impl<S, I, T: Table + In<S, I>, V: ColumnType> Pick<S, I> for Column<T, V> {
    type Output = <T::Null as Nullability>::Apply<V>;
    const WIDTH: usize = 1;

    fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool {
        out.push(self.into_node());
        false
    }

    fn decode_at(row: &Row, start: usize) -> Result<Self::Output> {
        decode(row, start)
    }
}

impl<S, I, T: Table + In<S, I>, V: ColumnType> Pick<S, I> for Aggregate<T, V> {
    type Output = V;
    const WIDTH: usize = 1;

    fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool {
        out.push(self.into_node());
        true
    }

    fn decode_at(row: &Row, start: usize) -> Result<V> {
        decode(row, start)
    }
}

impl<S: Source, V: ColumnType> Pick<S, super::source::Here> for Scalar<S, V> {
    type Output = V;
    const WIDTH: usize = 1;

    fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool {
        out.push(self.into_node());
        false
    }

    fn decode_at(row: &Row, start: usize) -> Result<V> {
        decode(row, start)
    }
}

/// A value inside a jsonb column: `Option<serde_json::Value>`, or `Option<String>` as text.
macro_rules! pick_json {
    ($($path:ident),*) => {$(
        impl<S, I, T: Table + In<S, I>> Pick<S, I> for $path<T> {
            type Output = <$path<T> as Expression>::Value;
            const WIDTH: usize = 1;

            fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool {
                out.push(self.into_node());
                false
            }

            fn decode_at(row: &Row, start: usize) -> Result<Self::Output> {
                decode(row, start)
            }
        }
    )*};
}

pick_json!(JsonPath, JsonText);

macro_rules! pick_tuple {
    ($($name:ident $index:ident),+) => {
        impl<S, $($name: Pick<S, $index>, $index),+> Pick<S, ($($index,)+)> for ($($name,)+) {
            type Output = ($($name::Output,)+);
            const WIDTH: usize = 0 $(+ $name::WIDTH)+;

            #[allow(non_snake_case)]
            fn push_nodes(self, out: &mut Vec<ExprNode>) -> bool {
                let ($($name,)+) = self;
                let mut aggregates = false;
                $(aggregates |= $name.push_nodes(out);)+
                aggregates
            }

            #[allow(non_snake_case, unused_assignments)]
            fn decode_at(row: &Row, start: usize) -> Result<Self::Output> {
                let mut at = start;
                $(
                    let $name = $name::decode_at(row, at)?;
                    at += <$name as Pick<S, $index>>::WIDTH;
                )+
                Ok(($($name,)+))
            }
        }
    };
}

pick_tuple!(A IA);
pick_tuple!(A IA, B IB);
pick_tuple!(A IA, B IB, C IC);
pick_tuple!(A IA, B IB, C IC, D ID);
pick_tuple!(A IA, B IB, C IC, D ID, E IE);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG, H IH);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG, H IH, J IJ);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG, H IH, J IJ, K IK);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG, H IH, J IJ, K IK, L IL);
pick_tuple!(A IA, B IB, C IC, D ID, E IE, F IF, G IG, H IH, J IJ, K IK, L IL, M IM);

/// Columns picked with `.columns(..)`, decoding into `O`.
pub struct Picked<O> {
    nodes: Vec<ExprNode>,
    aggregates: bool,
    decode: fn(&Row, usize) -> Result<O>,
}

impl<O> Picked<O> {
    pub(crate) fn new<S, I, P: Pick<S, I, Output = O>>(pick: P) -> Self {
        let mut nodes = Vec::with_capacity(P::WIDTH);
        let aggregates = pick.push_nodes(&mut nodes);
        Picked { nodes, aggregates, decode: P::decode_at }
    }
}

impl<S, O: Send> Selection<S> for Picked<O> {
    type Output = O;

    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
        super::select::render_list(&self.nodes, w);
    }

    fn decode(&self, row: &Row) -> Result<O> {
        (self.decode)(row, 0)
    }

    fn aggregates(&self) -> bool {
        self.aggregates
    }
}
