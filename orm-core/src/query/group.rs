//! GROUP BY (and the column list of DISTINCT ON).

use super::select::render_list;
use super::source::In;
use crate::expr::{Column, ExprNode, Expression};
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::ColumnType;

/// What `.group_by(..)` and `.distinct_on(..)` accept: a column of `S`, or a tuple of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot group rows of `{S}`",
    note = "group by columns of the queried table, or a tuple of them"
)]
pub trait IntoGroupBy<S, I> {
    /// Appends the columns.
    #[doc(hidden)]
    fn push_columns(self, out: &mut Vec<ExprNode>);
}

impl<S, I, T: Table + In<S, I>, V: ColumnType> IntoGroupBy<S, I> for Column<T, V> {
    fn push_columns(self, out: &mut Vec<ExprNode>) {
        out.push(self.into_node());
    }
}

macro_rules! group_tuple {
    ($($name:ident $index:ident),+) => {
        impl<S, $($name: IntoGroupBy<S, $index>, $index),+> IntoGroupBy<S, ($($index,)+)> for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_columns(self, out: &mut Vec<ExprNode>) {
                let ($($name,)+) = self;
                $($name.push_columns(out);)+
            }
        }
    };
}

group_tuple!(A IA);
group_tuple!(A IA, B IB);
group_tuple!(A IA, B IB, C IC);
group_tuple!(A IA, B IB, C IC, D ID);
group_tuple!(A IA, B IB, C IC, D ID, E IE);

pub(crate) fn render_group_by<'a>(columns: &'a [ExprNode], w: &mut SqlWriter<'a>) {
    if !columns.is_empty() {
        w.push_sql(" GROUP BY ");
        render_list(columns, w);
    }
}
