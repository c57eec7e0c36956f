//! `Selection`: what a SELECT (or RETURNING) yields: a whole row, one column, or a tuple.

use std::marker::PhantomData;

use crate::expr::Column;
use crate::render::SqlWriter;
use crate::row::FromRow;
use crate::table::Table;
use crate::types::ColumnType;

/// Columns a query over `S` can return, and the Rust type they decode into.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from `{S}`",
    note = "select columns of the queried table, or a tuple of them"
)]
pub trait Selection<S>: Send + Sync {
    /// The type each row decodes into.
    type Output: FromRow + Send;

    /// Writes the comma-separated column list.
    #[doc(hidden)]
    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>);

    /// `true` when the list holds an aggregate (the query then yields one row per group).
    #[doc(hidden)]
    fn aggregates(&self) -> bool {
        false
    }
}

/// Every column of `T`, decoding into `T` itself (the default of `T::select()`).
pub struct AllColumns<T>(PhantomData<fn() -> T>);

impl<T> Default for AllColumns<T> {
    fn default() -> Self {
        AllColumns(PhantomData)
    }
}

impl<T: Table> Selection<T> for AllColumns<T> {
    type Output = T;

    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
        render_all_columns::<T>(w);
    }
}

/// Writes `"t"."a", "t"."b", ..` for every column of `T`.
pub(crate) fn render_all_columns<T: Table>(w: &mut SqlWriter<'_>) {
    for (i, column) in T::meta().columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_qualified(<T as Table>::NAME, column.name);
    }
}

impl<T: Table, V: ColumnType> Selection<T> for Column<T, V> {
    type Output = V;

    fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
        w.push_qualified(<T as Table>::NAME, self.name());
    }
}

macro_rules! selection_tuple {
    ($first:ident $(, $rest:ident)*) => {
        impl<S, $first: Selection<S>, $($rest: Selection<S>),*> Selection<S> for ($first, $($rest,)*) {
            type Output = ($first::Output, $($rest::Output,)*);

            #[allow(non_snake_case)]
            fn aggregates(&self) -> bool {
                let ($first, $($rest,)*) = self;
                $first.aggregates() $(|| $rest.aggregates())*
            }

            #[allow(non_snake_case)]
            fn render_columns<'a>(&'a self, w: &mut SqlWriter<'a>) {
                let ($first, $($rest,)*) = self;
                $first.render_columns(w);
                $(
                    w.push_sql(", ");
                    $rest.render_columns(w);
                )*
            }
        }
    };
}

selection_tuple!(A);
selection_tuple!(A, B);
selection_tuple!(A, B, C);
selection_tuple!(A, B, C, D);
selection_tuple!(A, B, C, D, E);
selection_tuple!(A, B, C, D, E, F);
selection_tuple!(A, B, C, D, E, F, G);
selection_tuple!(A, B, C, D, E, F, G, H);
selection_tuple!(A, B, C, D, E, F, G, H, I);
selection_tuple!(A, B, C, D, E, F, G, H, I, J);
selection_tuple!(A, B, C, D, E, F, G, H, I, J, K);
selection_tuple!(A, B, C, D, E, F, G, H, I, J, K, L);
