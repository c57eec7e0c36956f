//! Keyset pagination of a SELECT: the primary key appended to the ORDER BY so the
//! order is total, the order values returned after the selected columns, and the
//! condition that continues after a cursor's row (no OFFSET).

use crate::error::{Error, Result};
use crate::expr::{ExprNode, OrderNode};
use crate::keyset::{Cursor, CursorKey, KeyValue};
use crate::render::SqlWriter;
use crate::schema::TableMeta;

/// The keyset state of a select made with `.after(..)` or run with `.page(..)`.
#[derive(Debug)]
pub(crate) struct Keyset {
    /// The queried table: its primary key breaks ties, its columns say what is nullable.
    meta: &'static TableMeta,
    /// The page starts after this cursor's row; `None` for the first page.
    after: Option<Cursor>,
    /// `.page(..)` checked the query and its cursor: the only terminal that runs it.
    checked: bool,
}

/// What `.page(..)` needs to know of a checked keyset select.
pub(crate) struct PageShape {
    /// Rows per page (the LIMIT).
    pub(crate) size: usize,
    /// The effective ORDER BY text, which cursors are signed for.
    pub(crate) order: String,
    /// How many order values each row ends with.
    pub(crate) width: usize,
}

/// One term of the effective ORDER BY: one the query gave, or a primary-key column.
struct KeyTerm<'a> {
    expr: KeyExpr<'a>,
    descending: bool,
    nulls_first: bool,
    nullable: bool,
}

#[derive(Clone, Copy)]
enum KeyExpr<'a> {
    Given(&'a OrderNode),
    PrimaryKey(&'static str, &'static str),
}

impl Keyset {
    pub(crate) fn new(meta: &'static TableMeta, after: Option<Cursor>) -> Self {
        Keyset { meta, after, checked: false }
    }

    /// Refuses to run a keyset select through any terminal but `.page(..)`.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.checked {
            Ok(())
        } else {
            Err(Error::InvalidQuery(
                "a select with `.after(..)` reads a page: run it with `.page(&db)`, which checks the cursor",
            ))
        }
    }

    /// Checks the cursor against `key` and the effective ORDER BY, and marks the select
    /// runnable; `size` is the page's LIMIT.
    pub(crate) fn check(&mut self, order: &[OrderNode], size: usize, key: &CursorKey) -> Result<PageShape> {
        let shape = self.verify(order, size, key)?;
        self.checked = true;
        Ok(shape)
    }

    /// Checks the cursor against `key` and the effective ORDER BY without marking the
    /// select runnable (`.explain(&db)` renders it, `.page(&db)` alone runs it).
    pub(crate) fn verify(&self, order: &[OrderNode], size: usize, key: &CursorKey) -> Result<PageShape> {
        if self.meta.primary_key.is_empty() {
            return Err(Error::InvalidQuery(
                "keyset pages break ties between equal order values by the primary key, and this table has none; declare one",
            ));
        }
        let width = self.terms(order).len();
        let order = self.shape(order);
        if let Some(cursor) = &self.after {
            if cursor.verify(key, &order)?.len() != width {
                return Err(Error::InvalidCursor);
            }
        }
        Ok(PageShape { size, order, width })
    }

    /// The effective ORDER BY as text, which cursors are signed for.
    fn shape(&self, order: &[OrderNode]) -> String {
        let mut w = SqlWriter::new();
        self.render_order_by(order, &mut w);
        w.finish().0
    }

    /// The query's order terms, then the primary-key columns it does not order by,
    /// in the direction of its last term.
    fn terms<'a>(&self, order: &'a [OrderNode]) -> Vec<KeyTerm<'a>> {
        let table = self.meta.name;
        let mut terms: Vec<KeyTerm<'a>> = order
            .iter()
            .map(|node| KeyTerm {
                expr: KeyExpr::Given(node),
                descending: node.descending(),
                nulls_first: node.nulls_first(),
                nullable: self.may_be_null(node.expr()),
            })
            .collect();
        let descending = order.last().is_some_and(OrderNode::descending);
        for &column in self.meta.primary_key {
            let ordered = order.iter().any(|node| {
                matches!(node.expr(), ExprNode::Column { table: t, column: c } if *t == table && *c == column)
            });
            if !ordered {
                terms.push(KeyTerm {
                    expr: KeyExpr::PrimaryKey(table, column),
                    descending,
                    nulls_first: descending,
                    nullable: false,
                });
            }
        }
        terms
    }

    /// Whether `expr` may be NULL: only a NOT NULL column of the table cannot.
    fn may_be_null(&self, expr: &ExprNode) -> bool {
        match expr {
            ExprNode::Column { table, column } if *table == self.meta.name => {
                self.meta.column(column).is_none_or(|c| c.nullable)
            }
            _ => true,
        }
    }

    /// ` ORDER BY <query's terms>, <primary key>`.
    pub(crate) fn render_order_by<'a>(&self, order: &'a [OrderNode], w: &mut SqlWriter<'a>) {
        for (i, term) in self.terms(order).iter().enumerate() {
            w.push_sql(if i == 0 { " ORDER BY " } else { ", " });
            match term.expr {
                KeyExpr::Given(node) => node.render(w),
                KeyExpr::PrimaryKey(table, column) => {
                    w.push_qualified(table, column);
                    w.push_sql(if term.descending { " DESC" } else { " ASC" });
                }
            }
        }
    }

    /// `, <term>, ..`: every order value, after the selected columns, for the next cursor.
    pub(crate) fn render_key_columns<'a>(&self, order: &'a [OrderNode], w: &mut SqlWriter<'a>) {
        for term in self.terms(order) {
            w.push_sql(", ");
            term.render(w);
        }
    }

    /// ` WHERE`/` AND` the condition that keeps only rows after the cursor's row (when
    /// there is a cursor); `more` says whether a WHERE clause was written already.
    pub(crate) fn render_after<'a>(&'a self, order: &'a [OrderNode], more: bool, w: &mut SqlWriter<'a>) {
        let Some(cursor) = &self.after else {
            return;
        };
        w.push_sql(if more { " AND " } else { " WHERE " });
        let terms = self.terms(order);
        let values = cursor.unchecked_values();
        if values.len() != terms.len() {
            w.refuse("the page cursor was made for another ORDER BY; ask for the first page again");
            w.push_sql("FALSE");
            return;
        }
        let keys: Vec<(KeyTerm<'a>, Option<&'a KeyValue>)> =
            terms.into_iter().zip(values.iter().map(Option::as_ref)).collect();
        render_continuation(&keys, w);
    }
}

impl<'a> KeyTerm<'a> {
    fn render(&self, w: &mut SqlWriter<'a>) {
        match self.expr {
            KeyExpr::Given(node) => node.expr().render(w),
            KeyExpr::PrimaryKey(table, column) => w.push_qualified(table, column),
        }
    }

    /// `term = $v`, or `term IS NULL`: the row ties with the cursor's row on this term.
    fn render_equal(&self, value: Option<&'a KeyValue>, w: &mut SqlWriter<'a>) {
        self.render(w);
        match value {
            Some(value) => {
                w.push_sql(" = ");
                w.push_bind(value);
            }
            None => w.push_sql(" IS NULL"),
        }
    }

    /// Whether some row can sort after the cursor's row on this term alone.
    fn has_after(&self, value: Option<&KeyValue>) -> bool {
        value.is_some() || self.nulls_first
    }

    /// The row sorts after the cursor's row on this term: `term > $v` (`<` descending),
    /// or NULL when NULLs sort last; after a NULL, any value when NULLs sort first.
    fn render_after(&self, value: Option<&'a KeyValue>, w: &mut SqlWriter<'a>) {
        let Some(value) = value else {
            self.render(w);
            w.push_sql(" IS NOT NULL");
            return;
        };
        let nulls_after = self.nullable && !self.nulls_first;
        if nulls_after {
            w.push_sql("(");
        }
        self.render(w);
        w.push_sql(if self.descending { " < " } else { " > " });
        w.push_bind(value);
        if nulls_after {
            w.push_sql(" OR ");
            self.render(w);
            w.push_sql(" IS NULL)");
        }
    }
}

/// The condition for rows after the cursor's row, given each term with its value there.
///
/// Terms in one direction that cannot be NULL compare as one row value,
/// `(a, b) > ($1, $2)`, which a btree index on `(a, b)` answers directly. Otherwise it
/// is the expanded form, one branch per term: the row ties on every term before it and
/// sorts after on this one, NULLs placed as the ORDER BY places them. When the first
/// term bounds every branch, that bound leads (`a >= $1 AND (..)`), so an index on it
/// can start the scan at the cursor instead of filtering every row before it.
fn render_continuation<'a>(keys: &[(KeyTerm<'a>, Option<&'a KeyValue>)], w: &mut SqlWriter<'a>) {
    let descending = keys[0].0.descending;
    let row_value = keys.len() > 1
        && keys
            .iter()
            .all(|(term, value)| term.descending == descending && !term.nullable && value.is_some());
    if row_value {
        w.push_sql("(");
        for (i, (term, _)) in keys.iter().enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            term.render(w);
        }
        w.push_sql(if descending { ") < (" } else { ") > (" });
        for (i, (_, value)) in keys.iter().enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            w.push_bind(value.expect("every value is present"));
        }
        w.push_sql(")");
        return;
    }
    let branches: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].0.has_after(keys[i].1)).collect();
    if branches.is_empty() {
        w.push_sql("FALSE");
        return;
    }
    let (first, first_value) = &keys[0];
    if let (Some(value), true) = (first_value, branches.len() > 1 && (!first.nullable || first.nulls_first)) {
        first.render(w);
        w.push_sql(if first.descending { " <= " } else { " >= " });
        w.push_bind(*value);
        w.push_sql(" AND ");
    }
    if branches.len() > 1 {
        w.push_sql("(");
    }
    for (n, &i) in branches.iter().enumerate() {
        if n > 0 {
            w.push_sql(" OR ");
        }
        if i > 0 {
            w.push_sql("(");
        }
        for (term, value) in &keys[..i] {
            term.render_equal(*value, w);
            w.push_sql(" AND ");
        }
        keys[i].0.render_after(keys[i].1, w);
        if i > 0 {
            w.push_sql(")");
        }
    }
    if branches.len() > 1 {
        w.push_sql(")");
    }
}
