//! `OrderTerm`: one ORDER BY item, and `IntoOrderBy` for what `.order_by(..)` accepts.

use super::{Column, ExprNode, Expression};
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::ColumnType;

/// One ORDER BY item: an expression, a direction and where NULLs go.
#[derive(Debug)]
pub struct OrderTerm {
    expr: ExprNode,
    descending: bool,
    nulls: Option<bool>,
}

impl OrderTerm {
    pub(crate) fn new(expr: ExprNode, descending: bool) -> Self {
        OrderTerm {
            expr,
            descending,
            nulls: None,
        }
    }

    /// NULLs before every value: `NULLS FIRST`.
    pub fn nulls_first(mut self) -> Self {
        self.nulls = Some(true);
        self
    }

    /// NULLs after every value: `NULLS LAST`.
    pub fn nulls_last(mut self) -> Self {
        self.nulls = Some(false);
        self
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

/// What `.order_by(..)` accepts: a column (ascending), an [`OrderTerm`], or a tuple of them.
pub trait IntoOrderBy {
    /// Appends the terms to `out`.
    #[doc(hidden)]
    fn push_terms(self, out: &mut Vec<OrderTerm>);
}

impl IntoOrderBy for OrderTerm {
    fn push_terms(self, out: &mut Vec<OrderTerm>) {
        out.push(self);
    }
}

impl<T: Table, V: ColumnType> IntoOrderBy for Column<T, V> {
    fn push_terms(self, out: &mut Vec<OrderTerm>) {
        out.push(OrderTerm::new(self.into_node(), false));
    }
}

macro_rules! order_tuple {
    ($($name:ident),+) => {
        impl<$($name: IntoOrderBy),+> IntoOrderBy for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_terms(self, out: &mut Vec<OrderTerm>) {
                let ($($name,)+) = self;
                $($name.push_terms(out);)+
            }
        }
    };
}

order_tuple!(A);
order_tuple!(A, B);
order_tuple!(A, B, C);
order_tuple!(A, B, C, D);
order_tuple!(A, B, C, D, E);
order_tuple!(A, B, C, D, E, F);
