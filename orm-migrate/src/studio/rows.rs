//! Reading rows for the pages: every column as text (NULL kept apart), a page at a
//! time, in any column's order, by keyset where the order allows it.

use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, TableMeta};
use orm_core::{Db, Error, Schema};

use super::catalog;
use super::filters::{self, Filter};

/// One row: each column of the table, in declaration order, as PostgreSQL writes it as
/// text; `None` is NULL.
pub(crate) type TextRow = Vec<Option<String>>;

/// How to page: after or before a row's key values (keyset), or by offset where the
/// order has no usable key (a nullable order column, a table without a primary key).
#[derive(Clone, Debug, Default)]
pub(crate) enum Position {
    #[default]
    First,
    After(Vec<String>),
    Before(Vec<String>),
    Offset(u64),
}

/// What the table view asks for.
pub(crate) struct PageQuery {
    pub(crate) table: &'static TableMeta,
    pub(crate) sort: &'static ColumnMeta,
    pub(crate) descending: bool,
    pub(crate) filters: Vec<Filter>,
    pub(crate) position: Position,
    pub(crate) limit: u64,
}

/// A page of rows and where the neighbouring pages start.
pub(crate) struct Page {
    pub(crate) rows: Vec<TextRow>,
    pub(crate) previous: Option<Position>,
    pub(crate) next: Option<Position>,
}

/// The columns a keyset page is ordered by: the sort column, then the primary key.
/// `None` when keyset paging cannot be used for this order.
pub(crate) fn keyset_columns(
    table: &TableMeta,
    sort: &'static ColumnMeta,
) -> Option<Vec<&'static ColumnMeta>> {
    let key = catalog::key_columns(table);
    if key.is_empty() || sort.nullable {
        return None;
    }
    let mut columns = vec![sort];
    columns.extend(key.into_iter().filter(|c| c.name != sort.name));
    Some(columns)
}

fn position_in(table: &TableMeta, column: &ColumnMeta) -> usize {
    table.columns.iter().position(|c| c.name == column.name).expect("a column of the table")
}

/// Writes `SELECT "a"::text, "b"::text .. FROM "table"`.
fn push_select(w: &mut SqlWriter<'_>, table: &TableMeta) {
    w.push_sql("SELECT ");
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(column.name);
        w.push_sql("::text");
    }
    w.push_sql(" FROM ");
    w.push_ident(table.name);
}

/// Writes `("a", "b")`.
fn push_row_of(w: &mut SqlWriter<'_>, columns: &[&ColumnMeta]) {
    w.push_sql("(");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(column.name);
    }
    w.push_sql(")");
}

/// Writes `(($1::text)::t1, ($2::text)::t2)`.
fn push_values_of<'a>(w: &mut SqlWriter<'a>, columns: &[&ColumnMeta], values: &'a [String]) {
    w.push_sql("(");
    for (i, (column, value)) in columns.iter().zip(values).enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        catalog::push_typed_param(w, column, value);
    }
    w.push_sql(")");
}

async fn query(db: &Db, w: SqlWriter<'_>) -> Result<Vec<TextRow>, Error> {
    let (sql, params) = w.finish();
    let client = db.pool().get().await.map_err(|e| Error::Connection { source: Box::new(e) })?;
    let rows = client.query(&sql, &params).await?;
    rows.iter()
        .map(|row| (0..row.len()).map(|i| row.try_get::<_, Option<String>>(i)).collect())
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

/// One page of the table view.
pub(crate) async fn page(db: &Db, q: &PageQuery) -> Result<Page, Error> {
    let keyset = keyset_columns(q.table, q.sort);
    let mut w = SqlWriter::new();
    push_select(&mut w, q.table);
    let backwards = matches!(q.position, Position::Before(_));
    let filtered = !q.filters.is_empty();
    if filtered {
        w.push_sql(" WHERE ");
        filters::render(&q.filters, &mut w);
    }
    if let (Some(columns), Position::After(values) | Position::Before(values)) = (&keyset, &q.position) {
        if values.len() == columns.len() {
            w.push_sql(if filtered { " AND " } else { " WHERE " });
            push_row_of(&mut w, columns);
            // Forward in ascending order is `>`; each flip (descending, backwards) turns it.
            w.push_sql(if q.descending != backwards { " < " } else { " > " });
            push_values_of(&mut w, columns, values);
        }
    }
    w.push_sql(" ORDER BY ");
    let order: Vec<&ColumnMeta> = match &keyset {
        Some(columns) => columns.clone(),
        None => {
            let mut order = vec![q.sort];
            order.extend(catalog::key_columns(q.table).into_iter().filter(|c| c.name != q.sort.name));
            order
        }
    };
    for (i, column) in order.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(column.name);
        w.push_sql(if q.descending != backwards { " DESC" } else { " ASC" });
    }
    let limit = format!(" LIMIT {}", q.limit + 1);
    w.push_sql(&limit);
    let offset = match q.position {
        Position::Offset(offset) if keyset.is_none() => offset,
        _ => 0,
    };
    if offset > 0 {
        w.push_sql(&format!(" OFFSET {offset}"));
    }
    let mut rows = query(db, w).await?;
    let more = rows.len() as u64 > q.limit;
    rows.truncate(q.limit as usize);
    if backwards {
        rows.reverse();
    }
    let key_of = |row: &TextRow, columns: &[&ColumnMeta]| -> Vec<String> {
        columns.iter().map(|c| row[position_in(q.table, c)].clone().unwrap_or_default()).collect()
    };
    let (previous, next) = match &keyset {
        Some(columns) => {
            let first = rows.first().map(|row| Position::Before(key_of(row, columns)));
            let last = rows.last().map(|row| Position::After(key_of(row, columns)));
            match q.position {
                Position::Before(_) => (first.filter(|_| more), last),
                Position::After(_) => (first, last.filter(|_| more)),
                _ => (None, last.filter(|_| more)),
            }
        }
        None => {
            let previous = (offset > 0).then(|| Position::Offset(offset.saturating_sub(q.limit)));
            let next = more.then_some(Position::Offset(offset + q.limit));
            (previous, next)
        }
    };
    Ok(Page { rows, previous, next })
}

/// The row whose primary key is `key` (values in key order), if it exists.
pub(crate) async fn by_key(db: &Db, table: &TableMeta, key: &[String]) -> Result<Option<TextRow>, Error> {
    let columns = catalog::key_columns(table);
    if columns.is_empty() || columns.len() != key.len() {
        return Ok(None);
    }
    let mut w = SqlWriter::new();
    push_select(&mut w, table);
    w.push_sql(" WHERE ");
    push_row_of(&mut w, &columns);
    w.push_sql(" = ");
    push_values_of(&mut w, &columns, key);
    Ok(query(db, w).await?.into_iter().next())
}

/// Rows of `table` whose `column` equals `value`: how many.
pub(crate) async fn count_where(
    db: &Db,
    table: &TableMeta,
    column: &ColumnMeta,
    value: &String,
) -> Result<i64, Error> {
    let mut w = SqlWriter::new();
    w.push_sql("SELECT count(*)::text FROM ");
    w.push_ident(table.name);
    w.push_sql(" WHERE ");
    w.push_ident(column.name);
    w.push_sql(" = ");
    catalog::push_typed_param(&mut w, column, value);
    let rows = query(db, w).await?;
    Ok(rows.first().and_then(|r| r[0].as_deref()).and_then(|n| n.parse().ok()).unwrap_or(0))
}

/// Every table's row count, in schema order, in one statement.
pub(crate) async fn row_counts(db: &Db, schema: &Schema) -> Result<Vec<i64>, Error> {
    if schema.tables().is_empty() {
        return Ok(Vec::new());
    }
    let mut w = SqlWriter::new();
    w.push_sql("SELECT ");
    for (i, table) in schema.tables().iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_sql("(SELECT count(*) FROM ");
        w.push_ident(table.name);
        w.push_sql(")::text");
    }
    let rows = query(db, w).await?;
    let row = rows.into_iter().next().unwrap_or_default();
    Ok(row.iter().map(|n| n.as_deref().and_then(|n| n.parse().ok()).unwrap_or(0)).collect())
}

/// The key values of a row, for its link: `None` when the table has no primary key.
pub(crate) fn key_of(table: &TableMeta, row: &TextRow) -> Option<Vec<String>> {
    let columns = catalog::key_columns(table);
    if columns.is_empty() {
        return None;
    }
    columns.iter().map(|c| row[position_in(table, c)].clone()).collect()
}

/// The row's value of `column`.
pub(crate) fn value_of<'r>(table: &TableMeta, row: &'r TextRow, column: &ColumnMeta) -> Option<&'r str> {
    row[position_in(table, column)].as_deref()
}
