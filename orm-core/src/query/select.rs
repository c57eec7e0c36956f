//! SELECT: `User::select().columns(..).filter(..).group_by(..).order_by(..).limit(..)`.

use std::marker::PhantomData;
use std::time::Duration;

use super::Statement;
use super::group::{IntoGroupBy, render_group_by};
use super::keyset::{Keyset, PageShape};
use super::limit::{LimitOffset, to_bigint};
use super::lock::{Lock, LockStrength, LockWait};
use super::order::render_order_by;
use super::selection::{AllColumns, Pick, Picked, Selection};
use super::set::Compound;
use super::source::{Inner, Join, JoinKind, LeftOuter, Source};
use super::where_::WhereClause;
use crate::error::{Error, Result};
use crate::expr::{CondNode, Condition, ExprNode, IntoOrderBy, OrderNode};
use crate::keyset::{Cursor, CursorKey};
use crate::render::SqlWriter;
use crate::table::Table;

/// A SELECT from table `S` returning `C` (every column by default).
///
/// Run it with `.all(&db)`, `.one(&db)`, `.first(&db)` or `.count(&db)`.
#[must_use = "a query does nothing until it is run with `.all(&db)`, `.one(&db)`, .."]
pub struct Select<S, C = AllColumns<S>> {
    selection: C,
    body: SelectBody,
    source: PhantomData<fn() -> S>,
}

/// Everything of a SELECT but its column list.
#[derive(Default)]
struct SelectBody {
    distinct: Distinct,
    filter: WhereClause,
    group: Vec<ExprNode>,
    having: WhereClause,
    order: Vec<OrderNode>,
    page: LimitOffset,
    lock: Option<LockStrength>,
    wait: LockWait,
    /// `.with_deleted()`: soft-deleted rows too.
    with_deleted: bool,
    /// `WITH "name" AS (..)`: the rows come from this common table expression.
    cte: Option<(&'static str, Box<dyn Statement>)>,
    /// `INNER JOIN` / `LEFT JOIN` clauses, in order.
    joins: Vec<JoinClause>,
    /// `.after(..)` / `.page(..)`: a keyset page (boxed: most selects have none).
    keyset: Option<Box<Keyset>>,
    /// `.timeout(..)`: the time limit of the call that runs this query.
    timeout: Option<Duration>,
}

/// One joined table: `<kind> "table" ON <cond> [AND "table"."deleted_at" IS NULL]`.
struct JoinClause {
    kind: &'static str,
    table: &'static str,
    on: CondNode,
    soft_delete: Option<&'static str>,
}

#[derive(Default)]
enum Distinct {
    #[default]
    All,
    Rows,
    On(Vec<ExprNode>),
}

impl<S: Table> Select<S> {
    pub(crate) fn new() -> Self {
        Select { selection: AllColumns::default(), body: SelectBody::default(), source: PhantomData }
    }
}

impl<S: Source> Select<S> {
    /// `INNER JOIN "t" ON cond`: rows of the query paired with the rows of `T` where
    /// `on` holds; yields `(.., T)` and lets filters, columns and order use `T`'s columns.
    ///
    /// `User::select().inner_join::<Post>(Post::AUTHOR_ID.eq(User::ID))`
    pub fn inner_join<T: Table>(self, on: Condition<Join<S, T, Inner>>) -> Select<Join<S, T, Inner>> {
        self.join::<T, Inner>(on)
    }

    /// `LEFT JOIN "t" ON cond`: like [`inner_join`](Self::inner_join), but a row without
    /// a match is kept, with `None` for `T` (and `Option` for each of `T`'s columns).
    pub fn left_join<T: Table>(self, on: Condition<Join<S, T, LeftOuter>>) -> Select<Join<S, T, LeftOuter>> {
        self.join::<T, LeftOuter>(on)
    }

    fn join<T: Table, K: JoinKind>(self, on: Condition<Join<S, T, K>>) -> Select<Join<S, T, K>> {
        self.join_tables::<T, K>(vec![(<T as Table>::NAME, on.node, T::meta().soft_delete)])
    }

    /// Joins `T` through the given tables (the last one is `T`): `(table, on, soft delete)`.
    pub(crate) fn join_tables<T: Table, K: JoinKind>(
        self,
        tables: Vec<(&'static str, CondNode, Option<&'static str>)>,
    ) -> Select<Join<S, T, K>> {
        let mut body = self.body;
        for (table, on, soft_delete) in tables {
            body.joins.push(JoinClause { kind: K::SQL, table, on, soft_delete });
        }
        Select { selection: AllColumns::default(), body, source: PhantomData }
    }
}

impl<S: Table, C: Selection<S>> Select<S, C> {
    /// Reads the rows from a common table expression instead of the table:
    /// `WITH "name" AS (source) SELECT .. FROM "name" AS "table"`. The source selects
    /// whole rows of the same table, so every column and condition of `S` applies.
    ///
    /// ```text
    /// let recent = User::select().filter(User::CREATED_AT.gt(since));
    /// User::select().from_cte("recent_users", recent).filter(User::SCORE.gt(10)).all(&db)
    /// ```
    pub fn from_cte(mut self, name: &'static str, source: Select<S>) -> Self {
        self.body.cte = Some((name, Box::new(source)));
        self
    }
}

impl<S: Table, C: Selection<S>> Select<S, C> {
    /// Reads the page that follows `cursor` (the [`Page::next`](crate::keyset::Page::next)
    /// of the page before), or the first page for `None`; run it with `.page(&db)`.
    ///
    /// The rows come in the query's order, ties broken by the primary key (appended to
    /// the ORDER BY in the direction of the last term); the page continues after the
    /// cursor's row by comparing order values, never with OFFSET, and reads one row
    /// more than the LIMIT to tell whether another page follows. The order values are
    /// selected after the query's columns, for the next cursor:
    ///
    /// ```text
    /// User::select().order_by(User::CREATED_AT.desc()).after(cursor).limit(20)
    /// SELECT "users"."id", .., "users"."created_at", "users"."id" FROM "users"
    ///   WHERE ("users"."created_at", "users"."id") < ($1, $2)
    ///   ORDER BY "users"."created_at" DESC, "users"."id" DESC LIMIT $3
    /// ```
    ///
    /// Mixed directions and nullable order columns continue with the expanded form
    /// (`a > $1 OR (a = $2 AND b < $3) ..`), NULLs placed as the ORDER BY places them.
    /// The guide's pagination page shows more.
    pub fn after(mut self, cursor: impl Into<Option<Cursor>>) -> Self {
        self.body.keyset = Some(Box::new(Keyset::new(S::meta(), cursor.into())));
        self
    }

    /// Checks that the query can be read as keyset pages and that its cursor was made
    /// with `key` for its ORDER BY; the select then runs (with one row more than its LIMIT).
    pub(crate) fn start_page(&mut self, key: &CursorKey) -> Result<PageShape> {
        let size = self.page_size()?;
        let body = &mut self.body;
        let keyset = body.keyset.get_or_insert_with(|| Box::new(Keyset::new(S::meta(), None)));
        keyset.check(&body.order, size, key)
    }
}

impl<S: Source, C: Selection<S>> Select<S, C> {
    /// The page size of a select read as keyset pages, once it is one that can be:
    /// a LIMIT of at least 1, no OFFSET, not grouped, aggregated or distinct.
    fn page_size(&self) -> Result<usize> {
        let body = &self.body;
        let size = match body.page.limit() {
            Some(size) if size > 0 => size as usize,
            _ => {
                return Err(Error::InvalidQuery(
                    "`.page(&db)` reads one page: give its size with `.limit(n)` (at least 1)",
                ));
            }
        };
        if body.page.offset.is_some() {
            return Err(Error::InvalidQuery(
                "a keyset page starts after its cursor, not at an OFFSET: remove `.offset(..)`",
            ));
        }
        if !body.group.is_empty() || !body.having.is_empty() || self.selection.aggregates() {
            return Err(Error::InvalidQuery(
                "grouped or aggregated rows cannot be read as keyset pages: page the table's rows, or use `.all(&db)`",
            ));
        }
        if !matches!(body.distinct, Distinct::All) {
            return Err(Error::InvalidQuery(
                "distinct rows cannot be read as keyset pages (each row carries its primary key): remove `.distinct()`",
            ));
        }
        Ok(size)
    }

    /// What `.explain(&db)` checks: a keyset select as `.page(&db)` checks it (its
    /// cursor against the pool's key), and the rest as any terminal does.
    pub(crate) fn validate_for_explain(&self, key: &CursorKey) -> Result<()> {
        if let Some(keyset) = &self.body.keyset {
            let size = self.page_size()?;
            keyset.verify(&self.body.order, size, key)?;
        }
        self.validate_clauses()
    }

    /// The checks of every terminal but the keyset one.
    fn validate_clauses(&self) -> Result<()> {
        let body = &self.body;
        let grouped = !body.group.is_empty() || !body.having.is_empty() || self.selection.aggregates();
        if body.lock.is_some() && (grouped || !matches!(body.distinct, Distinct::All)) {
            return Err(Error::InvalidQuery(
                "row locks (for_update, for_share) cannot apply to grouped, aggregated or distinct rows; lock the rows in a plain select first",
            ));
        }
        let mut tables = vec![S::base_table()];
        for join in &body.joins {
            if tables.contains(&join.table) {
                return Err(Error::InvalidQuery(
                    "a table can be joined once per query: joining a table twice (or to itself) needs aliases, which are not supported yet",
                ));
            }
            tables.push(join.table);
        }
        Ok(())
    }

    /// Returns only these columns (or aggregates): one yields its type (`Option` for a
    /// left-joined table), a tuple yields a tuple.
    pub fn columns<P: Pick<S, I>, I>(self, columns: P) -> Select<S, Picked<P::Output>> {
        Select { selection: Picked::new(columns), body: self.body, source: PhantomData }
    }

    /// Keeps the rows where `cond` holds; several calls are ANDed.
    pub fn filter(mut self, cond: Condition<S>) -> Self {
        self.body.filter.push(cond);
        self
    }

    super::timeout_method!(body.timeout);

    /// Takes the call's time limit off the query, for a terminal that runs it as one
    /// statement among several.
    pub(crate) fn take_timeout(&mut self) -> Option<Duration> {
        self.body.timeout.take()
    }

    /// Includes rows a soft-delete table marks deleted (`#[table(soft_delete = ..)]`),
    /// which selects (and joins) skip by default; applies to every table of the query.
    pub fn with_deleted(mut self) -> Self {
        self.body.with_deleted = true;
        self
    }

    /// The soft-delete column of the FROM table to filter on, unless `.with_deleted()`.
    fn live(&self) -> Option<(&'static str, &'static str)> {
        match S::base_soft_delete() {
            Some(column) if !self.body.with_deleted => Some((S::base_table(), column)),
            _ => None,
        }
    }

    /// `SELECT DISTINCT`: drops duplicate rows.
    pub fn distinct(mut self) -> Self {
        self.body.distinct = Distinct::Rows;
        self
    }

    /// `SELECT DISTINCT ON (cols)`: the first row of each group of equal `cols`
    /// (order by `cols` first, then by what picks the row).
    pub fn distinct_on<I>(mut self, columns: impl IntoGroupBy<S, I>) -> Self {
        let mut nodes = Vec::new();
        columns.push_columns(&mut nodes);
        self.body.distinct = Distinct::On(nodes);
        self
    }

    /// `GROUP BY cols`: one row per group; select the grouped columns and aggregates.
    pub fn group_by<I>(mut self, columns: impl IntoGroupBy<S, I>) -> Self {
        columns.push_columns(&mut self.body.group);
        self
    }

    /// `HAVING cond`: keeps the groups where `cond` (usually on aggregates) holds.
    pub fn having(mut self, cond: Condition<S>) -> Self {
        self.body.having.push(cond);
        self
    }

    /// Orders by a column (ascending), a term (`col.desc()`), or a tuple of them; calls add up.
    pub fn order_by<I>(mut self, order: impl IntoOrderBy<S, I>) -> Self {
        order.push_terms(&mut self.body.order);
        self
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.body.page.set_limit(to_bigint(n));
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.body.page.offset = Some(to_bigint(n));
        self
    }

    /// `FOR UPDATE`: locks the selected rows until the transaction ends.
    pub fn for_update(self) -> Self {
        self.lock(LockStrength::Update)
    }

    /// `FOR NO KEY UPDATE`: like `for_update`, but does not block inserts that reference the rows.
    pub fn for_no_key_update(self) -> Self {
        self.lock(LockStrength::NoKeyUpdate)
    }

    /// `FOR SHARE`: locks the selected rows against changes until the transaction ends.
    pub fn for_share(self) -> Self {
        self.lock(LockStrength::Share)
    }

    /// With a lock: skips rows another transaction has locked (`SKIP LOCKED`), e.g. for job queues.
    pub fn skip_locked(mut self) -> Self {
        self.body.wait = LockWait::SkipLocked;
        self
    }

    /// With a lock: fails at once instead of waiting for a locked row (`NOWAIT`).
    pub fn nowait(mut self) -> Self {
        self.body.wait = LockWait::NoWait;
        self
    }

    fn lock(mut self, strength: LockStrength) -> Self {
        self.body.lock = Some(strength);
        self
    }

    /// `(this) UNION (other)`: the rows of both, duplicates removed.
    pub fn union<S2: Source, D: Selection<S2, Output = C::Output> + 'static>(
        self,
        other: Select<S2, D>,
    ) -> Compound<C::Output>
    where
        C: 'static,
    {
        Compound::new(self).union(other)
    }

    /// `(this) UNION ALL (other)`: the rows of both, duplicates kept.
    pub fn union_all<S2: Source, D: Selection<S2, Output = C::Output> + 'static>(
        self,
        other: Select<S2, D>,
    ) -> Compound<C::Output>
    where
        C: 'static,
    {
        Compound::new(self).union_all(other)
    }

    /// Decodes one result row.
    pub(crate) fn decode_row(&self, row: &tokio_postgres::Row) -> Result<C::Output> {
        self.selection.decode(row)
    }

    /// The same query with at most one row (for `.first()`).
    pub(crate) fn limit_one(mut self) -> Self {
        let n = self.body.page.limit().map_or(1, |n| n.min(1));
        self.body.page.set_limit(n);
        self
    }

    /// Writes `SELECT count(*)` over the same rows.
    pub(crate) fn render_count<'a>(&'a self, w: &mut SqlWriter<'a>) {
        let body = &self.body;
        let simple = body.page.limit().is_none()
            && body.page.offset.is_none()
            && body.group.is_empty()
            && body.having.is_empty()
            && !self.selection.aggregates()
            && matches!(body.distinct, Distinct::All);
        if simple && body.cte.is_none() && body.joins.is_empty() {
            w.push_sql("SELECT count(*) FROM ");
            w.push_ident(S::base_table());
            body.filter.render_live(self.live(), w);
        } else {
            w.push_sql("SELECT count(*) FROM (");
            self.render_part(0, w);
            w.push_sql(") AS ");
            w.push_ident("counted");
        }
    }
}

impl<S: Source, C: Selection<S>> Statement for Select<S, C> {
    fn validate(&self) -> Result<()> {
        if let Some(keyset) = &self.body.keyset {
            keyset.validate()?;
        }
        self.validate_clauses()
    }

    fn locks_rows(&self) -> bool {
        self.body.lock.is_some()
    }

    fn time_limit(&self) -> Option<Duration> {
        self.body.timeout
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        let body = &self.body;
        if let Some((name, source)) = &body.cte {
            w.push_sql("WITH ");
            w.push_ident(name);
            w.push_sql(" AS (");
            source.render_part(0, w);
            w.push_sql(") ");
        }
        w.push_sql("SELECT ");
        match &body.distinct {
            Distinct::All => {}
            Distinct::Rows => w.push_sql("DISTINCT "),
            Distinct::On(columns) => {
                w.push_sql("DISTINCT ON (");
                render_list(columns, w);
                w.push_sql(") ");
            }
        }
        self.selection.render_columns(w);
        if let Some(keyset) = &body.keyset {
            keyset.render_key_columns(&body.order, w);
        }
        w.push_sql(" FROM ");
        match &body.cte {
            // The CTE under the table's name, so `"users"."col"` reads from it.
            Some((name, _)) => w.push_source_as_table(name, S::base_table()),
            None => w.push_table(S::base_table()),
        }
        for join in &body.joins {
            w.push_sql(join.kind);
            w.push_table(join.table);
            w.push_sql(" ON ");
            join.on.render(w);
            if let Some(column) = join.soft_delete.filter(|_| !body.with_deleted) {
                // Soft-deleted rows of a joined table do not match (a LEFT JOIN keeps the row, with NULLs).
                w.push_sql(" AND ");
                w.push_qualified(join.table, column);
                w.push_sql(" IS NULL");
            }
        }
        let live = self.live();
        body.filter.render_live(live, w);
        if let Some(keyset) = &body.keyset {
            keyset.render_after(&body.order, live.is_some() || !body.filter.is_empty(), w);
        }
        render_group_by(&body.group, w);
        body.having.render_keyword(" HAVING ", w);
        match &body.keyset {
            Some(keyset) => keyset.render_order_by(&body.order, w),
            None => render_order_by(&body.order, w),
        }
        body.page.render(body.keyset.is_some(), w);
        if let Some(strength) = body.lock {
            // With joins, lock the FROM table and the inner-joined ones: PostgreSQL cannot
            // lock the nullable side of an outer join.
            let inner = body.joins.iter().filter(|j| j.kind == Inner::SQL).map(|j| j.table);
            let of: Vec<&str> = if body.joins.is_empty() {
                Vec::new()
            } else {
                std::iter::once(S::base_table()).chain(inner).collect()
            };
            Lock { strength, wait: body.wait }.render(&of, w);
        }
    }
}

/// Writes `a, b, c`.
pub(crate) fn render_list<'a>(nodes: &'a [ExprNode], w: &mut SqlWriter<'a>) {
    for (i, node) in nodes.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        node.render(w);
    }
}

/// `(table, deleted_at)` when `T` soft-deletes and deleted rows are not wanted.
pub(crate) fn live_filter<T: Table>(with_deleted: bool) -> Option<(&'static str, &'static str)> {
    match T::meta().soft_delete {
        Some(column) if !with_deleted => Some((<T as Table>::NAME, column)),
        _ => None,
    }
}
