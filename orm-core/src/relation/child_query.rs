//! The one statement that loads the related rows of every parent at once.

use std::marker::PhantomData;

use postgres_types::ToSql;

use super::key_column::{FieldKey, MatchColumn};
use crate::expr::{Column, CondNode, Condition, IntoOrderBy, OrderNode};
use crate::query::{WhereClause, live_filter, render_all_columns, render_order_by};
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::KeyType;

/// many_to_many: `INNER JOIN "junction" ON "junction"."to" = "child"."key"`.
pub(crate) struct Junction {
    pub(crate) table: &'static str,
    pub(crate) to: &'static str,
    pub(crate) child_key: &'static str,
    /// The junction's soft-delete column: marked links are not followed.
    pub(crate) soft_delete: Option<&'static str>,
}

/// How to find the related rows of table `C`, and the relation's own filter, order and limit.
pub(crate) struct ChildQuery<C> {
    pub(crate) matched: MatchColumn,
    /// The matched column read from the decoded related row, when it is the related
    /// table's own (not a junction's): no extra result column, no second decode.
    pub(crate) own_key: Option<FieldKey<C>>,
    pub(crate) junction: Option<Junction>,
    filter: WhereClause,
    order: Vec<OrderNode>,
    limit: Option<i64>,
    with_deleted: bool,
    child: PhantomData<fn() -> C>,
}

impl<C: Table> ChildQuery<C> {
    /// Related rows whose own `column` holds a parent's key (has_many, has_one, belongs_to).
    pub(crate) fn direct<V: KeyType>(column: Column<C, V>) -> Self {
        Self::new(MatchColumn::new(column), Some(FieldKey::new(column)), None)
    }

    /// Related rows linked through a junction table whose `matched` column holds a
    /// parent's key (many_to_many).
    pub(crate) fn through(matched: MatchColumn, junction: Junction) -> Self {
        Self::new(matched, None, Some(junction))
    }

    fn new(matched: MatchColumn, own_key: Option<FieldKey<C>>, junction: Option<Junction>) -> Self {
        ChildQuery {
            matched,
            own_key,
            junction,
            filter: WhereClause::default(),
            order: Vec::new(),
            limit: None,
            with_deleted: false,
            child: PhantomData,
        }
    }

    pub(crate) fn filter(&mut self, cond: Condition<C>) {
        self.filter.push(cond);
    }

    pub(crate) fn order_by<I>(&mut self, order: impl IntoOrderBy<C, I>) {
        order.push_terms(&mut self.order);
    }

    pub(crate) fn with_deleted(&mut self) {
        self.with_deleted = true;
    }

    pub(crate) fn limit(&mut self, n: i64) {
        self.limit = Some(n);
    }

    /// `SELECT <C columns> FROM .. WHERE <matched> = ANY($1) ..` (plus the matched column
    /// when it is a junction's); with a limit, ranked per parent by `row_number()` and cut
    /// in an outer query.
    pub(crate) fn render<'a>(&'a self, keys: &'a (dyn ToSql + Sync), limit: &'a i64, w: &mut SqlWriter<'a>) {
        let child = <C as Table>::NAME;
        if self.limit.is_some() {
            w.push_sql("SELECT * FROM (");
        }
        w.push_sql("SELECT ");
        render_all_columns::<C>(w);
        if self.own_key.is_none() {
            w.push_sql(", ");
            w.push_qualified(self.matched.table, self.matched.name);
            // Named apart from the child's own columns.
            w.push_sql(" AS ");
            w.push_ident("__orm_owner");
        }
        if self.limit.is_some() {
            w.push_sql(", row_number() OVER (PARTITION BY ");
            w.push_qualified(self.matched.table, self.matched.name);
            render_order_by(&self.order, w);
            w.push_sql(") AS ");
            w.push_ident("__orm_rank");
        }
        w.push_sql(" FROM ");
        w.push_ident(child);
        if let Some(junction) = &self.junction {
            w.push_sql(" INNER JOIN ");
            w.push_ident(junction.table);
            w.push_sql(" ON ");
            w.push_qualified(junction.table, junction.to);
            w.push_sql(" = ");
            w.push_qualified(child, junction.child_key);
        }
        w.push_sql(" WHERE ");
        w.push_qualified(self.matched.table, self.matched.name);
        w.push_sql(" = ANY(");
        w.push_bind(keys);
        w.push_sql(")");
        self.filter.render_and(w);
        let junction_live =
            self.junction.as_ref().and_then(|j| j.soft_delete.map(|column| (j.table, column)));
        for (table, column) in live_filter::<C>(self.with_deleted).into_iter().chain(junction_live) {
            w.push_sql(" AND ");
            w.push_qualified(table, column);
            w.push_sql(" IS NULL");
        }
        if self.limit.is_some() {
            w.push_sql(") AS ");
            w.push_ident(child);
            w.push_sql(" WHERE ");
            w.push_ident("__orm_rank");
            w.push_sql(" <= ");
            w.push_bind(limit);
        }
        render_order_by(&self.order, w);
    }

    /// Whether soft-deleted rows are wanted too.
    pub(crate) fn includes_deleted(&self) -> bool {
        self.with_deleted
    }

    /// The relation's own filter, for a join's ON clause.
    pub(crate) fn filter_node(self) -> Option<CondNode> {
        self.filter.into_node()
    }

    /// The relation's per-parent limit, if any.
    pub(crate) fn per_parent_limit(&self) -> Option<i64> {
        self.limit
    }

    /// Caps the per-parent limit (has_one needs one row per parent).
    pub(crate) fn cap_limit(&mut self, most: i64) {
        self.limit = Some(self.limit.map_or(most, |n| n.min(most)));
    }
}
