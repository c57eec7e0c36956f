//! SELECT: `User::select().columns(..).filter(..).order_by(..).limit(..).offset(..)`.

use std::marker::PhantomData;

use super::Statement;
use super::limit::{LimitOffset, to_bigint};
use super::order::render_order_by;
use super::selection::{AllColumns, Selection};
use super::where_::WhereClause;
use crate::expr::{Condition, IntoOrderBy, OrderNode};
use crate::render::SqlWriter;
use crate::table::Table;

/// A SELECT from table `S` returning `C` (every column by default).
///
/// Run it with `.all(&db)`, `.one(&db)`, `.first(&db)` or `.count(&db)`.
#[must_use = "a query does nothing until it is run with `.all(&db)`, `.one(&db)`, .."]
pub struct Select<S, C = AllColumns<S>> {
    selection: C,
    filter: WhereClause,
    order: Vec<OrderNode>,
    page: LimitOffset,
    source: PhantomData<fn() -> S>,
}

impl<S: Table> Select<S> {
    pub(crate) fn new() -> Self {
        Select {
            selection: AllColumns::default(),
            filter: WhereClause::default(),
            order: Vec::new(),
            page: LimitOffset::default(),
            source: PhantomData,
        }
    }
}

impl<S: Table, C: Selection<S>> Select<S, C> {
    /// Returns only these columns: one column yields its type, a tuple yields a tuple.
    pub fn columns<D: Selection<S>>(self, columns: D) -> Select<S, D> {
        Select {
            selection: columns,
            filter: self.filter,
            order: self.order,
            page: self.page,
            source: PhantomData,
        }
    }

    /// Keeps the rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<S>) -> Self {
        self.filter.push(cond);
        self
    }

    /// Orders by a column (ascending), a term (`col.desc()`), or a tuple of them; calls add up.
    pub fn order_by(mut self, order: impl IntoOrderBy<S>) -> Self {
        order.push_terms(&mut self.order);
        self
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.page.limit = Some(to_bigint(n));
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.page.offset = Some(to_bigint(n));
        self
    }

    /// The same query with at most one row (for `.first()`).
    pub(crate) fn limit_one(mut self) -> Self {
        self.page.limit = Some(self.page.limit.map_or(1, |n| n.min(1)));
        self
    }

    /// Writes `SELECT count(*)` over the same rows.
    pub(crate) fn render_count<'a>(&'a self, w: &mut SqlWriter<'a>) {
        if self.page.limit.is_some() || self.page.offset.is_some() {
            w.push_sql("SELECT count(*) FROM (");
            self.render_part(0, w);
            w.push_sql(") AS ");
            w.push_ident("counted");
        } else {
            w.push_sql("SELECT count(*) FROM ");
            w.push_ident(<S as Table>::NAME);
            self.filter.render(w);
        }
    }
}

impl<S: Table, C: Selection<S>> Statement for Select<S, C> {
    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        w.push_sql("SELECT ");
        self.selection.render_columns(w);
        w.push_sql(" FROM ");
        w.push_ident(<S as Table>::NAME);
        self.filter.render(w);
        render_order_by(&self.order, w);
        self.page.render(w);
    }
}
