//! `OrderTerm`: one ORDER BY item, and `IntoOrderBy` for what `.order_by(..)` accepts.

use std::marker::PhantomData;

use super::operand::Bound;
use super::{Column, ExprNode, Expression};
use crate::query::In;
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::ColumnType;

/// One ORDER BY item over table `T`: an expression, a direction and where NULLs go.
#[derive(Debug)]
pub struct OrderTerm<T> {
    node: OrderNode,
    table: PhantomData<fn() -> T>,
}

impl<T> OrderTerm<T> {
    pub(crate) fn new(expr: ExprNode, descending: bool) -> Self {
        OrderTerm { node: OrderNode { expr, descending, nulls: None }, table: PhantomData }
    }

    /// NULLs before every value: `NULLS FIRST`.
    pub fn nulls_first(mut self) -> Self {
        self.node.nulls = Some(true);
        self
    }

    /// NULLs after every value: `NULLS LAST`.
    pub fn nulls_last(mut self) -> Self {
        self.node.nulls = Some(false);
        self
    }
}

/// An ORDER BY item as the statement keeps it.
#[doc(hidden)]
#[derive(Debug)]
pub struct OrderNode {
    expr: ExprNode,
    descending: bool,
    nulls: Option<bool>,
}

impl OrderNode {
    /// The ordered expression.
    pub(crate) fn expr(&self) -> &ExprNode {
        &self.expr
    }

    /// `true` for `DESC`.
    pub(crate) fn descending(&self) -> bool {
        self.descending
    }

    /// Whether NULLs sort before every value: as asked, else PostgreSQL's default
    /// (`NULLS LAST` ascending, `NULLS FIRST` descending).
    pub(crate) fn nulls_first(&self) -> bool {
        self.nulls.unwrap_or(self.descending)
    }

    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        self.expr.render(w);
        w.push_sql(if self.descending { " DESC" } else { " ASC" });
        match self.nulls {
            Some(true) => w.push_sql(" NULLS FIRST"),
            Some(false) => w.push_sql(" NULLS LAST"),
            None => {}
        }
    }
}

/// What `.order_by(..)` accepts for a statement over `T`: a column of `T`
/// (ascending), an [`OrderTerm<T>`], or a tuple of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot order rows of `{T}`",
    label = "not a column or ordering term of `{T}`",
    note = "order by columns of the queried table: `col`, `col.asc()`, `col.desc()`, or a tuple of them"
)]
pub trait IntoOrderBy<T, I = Bound> {
    /// Appends the terms to `out`.
    #[doc(hidden)]
    fn push_terms(self, out: &mut Vec<OrderNode>);
}

impl<T> IntoOrderBy<T, Bound> for OrderTerm<T> {
    fn push_terms(self, out: &mut Vec<OrderNode>) {
        out.push(self.node);
    }
}

impl<S, I, T: Table + In<S, I>, V: ColumnType> IntoOrderBy<S, I> for Column<T, V> {
    fn push_terms(self, out: &mut Vec<OrderNode>) {
        out.push(OrderTerm::<S>::new(self.into_node(), false).node);
    }
}

macro_rules! order_tuple {
    ($($name:ident $index:ident),+) => {
        impl<T, $($name: IntoOrderBy<T, $index>, $index),+> IntoOrderBy<T, ($($index,)+)> for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_terms(self, out: &mut Vec<OrderNode>) {
                let ($($name,)+) = self;
                $($name.push_terms(out);)+
            }
        }
    };
}

order_tuple!(A IA);
order_tuple!(A IA, B IB);
order_tuple!(A IA, B IB, C IC);
order_tuple!(A IA, B IB, C IC, D ID);
order_tuple!(A IA, B IB, C IC, D ID, E IE);
order_tuple!(A IA, B IB, C IC, D ID, E IE, F IF);
