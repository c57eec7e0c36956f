//! The read-only pages: the table list, a table's rows, one row with its relations
//! (a table's schema beside the live database is in `schema_page`).

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use orm_core::Schema;
use orm_core::schema::{ColumnMeta, TableMeta};

use super::catalog::{self, Kind};
use super::edit;
use super::filters;
use super::html::{self, NavEntry, cell, escape, link, table_path};
use super::rows::{self, PageQuery, Position, TextRow};
use super::server::Shared;

/// Query string pairs, in order (a key may repeat: `k=1&k=2`).
pub(crate) type Pairs = Vec<(String, String)>;

const PAGE_SIZE: u64 = 25;
const MAX_PAGE_SIZE: u64 = 500;

/// The sidebar: every table with its live row count.
pub(crate) async fn nav(shared: &Shared) -> Vec<NavEntry<'static>> {
    let counts = rows::row_counts(&shared.db, &shared.schema).await.ok();
    shared
        .schema
        .tables()
        .iter()
        .enumerate()
        .map(|(i, table)| NavEntry {
            table: table.name,
            rows: counts.as_ref().and_then(|c| c.get(i).copied()),
        })
        .collect()
}

/// A page with the frame around `body`.
pub(crate) async fn page(
    shared: &Shared,
    status: StatusCode,
    title: &str,
    current: Option<&str>,
    body: &str,
) -> Response {
    let nav = nav(shared).await;
    (status, Html(html::frame(title, current, &nav, shared.write, body))).into_response()
}

/// A page saying what went wrong.
pub(crate) async fn error_page(shared: &Shared, status: StatusCode, message: &str) -> Response {
    let body = format!("<h2>{}</h2><p class=\"error\">{}</p>", status.as_u16(), escape(message));
    page(shared, status, "error", None, &body).await
}

fn first<'p>(pairs: &'p Pairs, key: &str) -> Option<&'p str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn all(pairs: &Pairs, key: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

/// `/`: the first table, or a note that the schema has none.
pub(crate) async fn index(State(shared): State<Shared>) -> Response {
    match shared.schema.tables().first() {
        Some(table) => Redirect::to(&table_path(table.name)).into_response(),
        None => {
            page(&shared, StatusCode::OK, "no tables", None, "<p>The schema declares no tables.</p>").await
        }
    }
}

/// Looks the table up in the schema, or answers 404.
pub(crate) async fn known_table(shared: &Shared, name: &str) -> Result<&'static TableMeta, Response> {
    match catalog::table(&shared.schema, name) {
        Some(table) => Ok(table),
        None => {
            Err(error_page(shared, StatusCode::NOT_FOUND, &format!("the schema has no table {name:?}")).await)
        }
    }
}

/// `/tables/{table}`: a page of rows, sorted, filtered, paged.
pub(crate) async fn table_view(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    Query(pairs): Query<Pairs>,
) -> Response {
    let table = match known_table(&shared, &name).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    let key = catalog::key_columns(table);
    let sort = first(&pairs, "sort")
        .and_then(|s| catalog::column(table, s))
        .or_else(|| key.first().copied())
        .unwrap_or(&table.columns[0]);
    let descending = first(&pairs, "dir") == Some("desc");
    let filters = filters::parse(table, &pairs);
    let position = if first(&pairs, "after").is_some() {
        Position::After(all(&pairs, "after"))
    } else if first(&pairs, "before").is_some() {
        Position::Before(all(&pairs, "before"))
    } else if let Some(offset) = first(&pairs, "offset").and_then(|o| o.parse().ok()) {
        Position::Offset(offset)
    } else {
        Position::First
    };
    let limit =
        first(&pairs, "limit").and_then(|l| l.parse().ok()).unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let query = PageQuery { table, sort, descending, filters, position, limit };
    let page_rows = match rows::page(&shared.db, &query).await {
        Ok(page) => page,
        Err(err) => {
            let message = format!("could not read {}: {err}", table.name);
            return error_page(&shared, StatusCode::BAD_REQUEST, &message).await;
        }
    };
    let mut body = String::new();
    let _ = write!(
        body,
        "<h2 id=\"title\">{}</h2><p><a href=\"{}\">schema</a>{}</p>",
        escape(table.name),
        escape(&format!("{}/schema", table_path(table.name))),
        if shared.write {
            format!(
                " · <a id=\"insert\" href=\"{}\">insert a row</a>",
                escape(&format!("{}/new", table_path(table.name)))
            )
        } else {
            String::new()
        }
    );
    rows_table(&mut body, &shared.schema, table, &query, &page_rows.rows);
    let _ = write!(body, "<p class=\"pager\">");
    for (label, id, position) in
        [("← previous", "previous", &page_rows.previous), ("next →", "next", &page_rows.next)]
    {
        if let Some(position) = position {
            let href = table_link(table, &query, Some(position), None);
            let _ = write!(body, "<a id=\"{id}\" href=\"{}\">{label}</a>", escape(&href));
        }
    }
    let _ = write!(body, "</p>");
    page(&shared, StatusCode::OK, table.name, Some(table.name), &body).await
}

/// The table view's URL for the same filters, with another position or sort.
fn table_link(
    table: &TableMeta,
    q: &PageQuery,
    position: Option<&Position>,
    sort: Option<(&str, bool)>,
) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let (sort, descending) = sort.unwrap_or((q.sort.name, q.descending));
    pairs.push(("sort".into(), sort.into()));
    pairs.push(("dir".into(), if descending { "desc" } else { "asc" }.into()));
    for filter in &q.filters {
        pairs.push((format!("op_{}", filter.column.name), filter.op.name().into()));
        pairs.push((format!("f_{}", filter.column.name), filters::shown_value(filter)));
    }
    match position {
        Some(Position::After(values)) => pairs.extend(values.iter().map(|v| ("after".into(), v.clone()))),
        Some(Position::Before(values)) => pairs.extend(values.iter().map(|v| ("before".into(), v.clone()))),
        Some(Position::Offset(offset)) => pairs.push(("offset".into(), offset.to_string())),
        Some(Position::First) | None => {}
    }
    if q.limit != PAGE_SIZE {
        pairs.push(("limit".into(), q.limit.to_string()));
    }
    link(&table_path(table.name), pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// One filter row above the table: an operator and a value box per column, typed.
fn filter_row(body: &mut String, table: &TableMeta, q: &PageQuery) {
    let _ = write!(
        body,
        "<tr class=\"filters\"><td><button id=\"apply-filters\" type=\"submit\">filter</button></td>"
    );
    for column in table.columns {
        let current = q.filters.iter().find(|f| f.column.name == column.name);
        let _ = write!(body, "<td><select name=\"op_{}\"><option value=\"\"></option>", escape(column.name));
        for op in filters::ops_for(column) {
            let selected = if current.is_some_and(|f| f.op == op) { " selected" } else { "" };
            let _ = write!(body, "<option value=\"{}\"{selected}>{}</option>", op.name(), escape(op.label()));
        }
        let _ = write!(body, "</select>");
        value_input(
            body,
            &format!("f_{}", column.name),
            column,
            current.map(filters::shown_value).as_deref(),
        );
        let _ = write!(body, "</td>");
    }
    let _ = write!(body, "</tr>");
}

/// An input for a value of the column's type: a number, date or time box, a choice of
/// labels or of true/false, or a text box.
pub(crate) fn value_input(body: &mut String, name: &str, column: &ColumnMeta, value: Option<&str>) {
    let name = escape(name);
    let value = value.unwrap_or("");
    let input = |body: &mut String, kind: &str| {
        let _ = write!(
            body,
            "<input type=\"{kind}\" name=\"{name}\" value=\"{}\"{}>",
            escape(value),
            if kind == "number" { " step=\"any\"" } else { "" }
        );
    };
    let choices = |body: &mut String, labels: &[&str]| {
        let _ = write!(body, "<select name=\"{name}\"><option value=\"\"></option>");
        for label in labels {
            let selected = if *label == value { " selected" } else { "" };
            let _ = write!(body, "<option{selected}>{}</option>", escape(label));
        }
        let _ = write!(body, "</select>");
    };
    match (catalog::kind(&column.sql_type), &column.sql_type) {
        (Kind::Number, _) => input(body, "number"),
        (Kind::Date, _) => input(body, "date"),
        (Kind::Time, _) => input(body, "time"),
        (Kind::Boolean, _) => choices(body, &["true", "false"]),
        (Kind::Choice, orm_core::schema::SqlType::Enum(meta)) => choices(body, meta.labels),
        _ => input(body, "text"),
    }
}

/// The rows, with sortable headers, links to each row and to referenced rows.
fn rows_table(body: &mut String, schema: &Schema, table: &TableMeta, q: &PageQuery, rows: &[TextRow]) {
    // One form around the table: the filter row under the headers submits it.
    let _ = write!(
        body,
        "<form class=\"filters\" method=\"get\" action=\"{}\"><input type=\"hidden\" name=\"sort\" value=\"{}\"><input type=\"hidden\" name=\"dir\" value=\"{}\"><table id=\"rows\"><thead><tr><th></th>",
        escape(&table_path(table.name)),
        escape(q.sort.name),
        if q.descending { "desc" } else { "asc" }
    );
    for column in table.columns {
        let descending = column.name == q.sort.name && !q.descending;
        let arrow = if column.name != q.sort.name {
            ""
        } else if q.descending {
            " ↓"
        } else {
            " ↑"
        };
        let href = table_link(table, q, None, Some((column.name, descending)));
        let _ = write!(
            body,
            "<th><a class=\"sort\" data-column=\"{}\" href=\"{}\">{}{arrow}</a></th>",
            escape(column.name),
            escape(&href),
            escape(column.name)
        );
    }
    let _ = write!(body, "</tr>");
    filter_row(body, table, q);
    let _ = write!(body, "</thead><tbody>");
    for row in rows {
        let _ = write!(body, "<tr>");
        match rows::key_of(table, row) {
            Some(key) => {
                let _ = write!(
                    body,
                    "<td><a class=\"open\" href=\"{}\">open</a></td>",
                    escape(&row_link(table, &key))
                );
            }
            None => {
                let _ = write!(body, "<td></td>");
            }
        }
        for (column, value) in table.columns.iter().zip(row) {
            let _ = write!(
                body,
                "<td data-column=\"{}\">{}</td>",
                escape(column.name),
                value_cell(schema, column, value.as_deref())
            );
        }
        let _ = write!(body, "</tr>");
    }
    let _ = write!(body, "</tbody></table></form>");
    if rows.is_empty() {
        let _ = write!(body, "<p id=\"empty\">No rows.</p>");
    }
}

/// The URL of a row by its key values.
pub(crate) fn row_link(table: &TableMeta, key: &[String]) -> String {
    link(&format!("{}/row", table_path(table.name)), key.iter().map(|k| ("k", k.as_str())))
}

/// A cell; a foreign key's value links to the row it references.
fn value_cell(schema: &Schema, column: &ColumnMeta, value: Option<&str>) -> String {
    match (column.references, value) {
        (Some(fk), Some(value)) => {
            let href = reference_link(schema, fk.table, fk.column, value);
            format!("<a class=\"fk\" href=\"{}\">{}</a>", escape(&href), cell(Some(value), 80))
        }
        _ => cell(value, 80),
    }
}

/// Where a foreign key's value leads: the referenced row when the column is that
/// table's whole primary key, else that table filtered on the column.
fn reference_link(schema: &Schema, table: &str, column: &str, value: &str) -> String {
    match catalog::table(schema, table) {
        Some(target) if target.primary_key == [column] => row_link(target, &[value.to_owned()]),
        _ => filtered_link(table, column, value),
    }
}

/// A table view keeping the rows whose `column` equals `value`.
fn filtered_link(table: &str, column: &str, value: &str) -> String {
    let (op, filter) = (format!("op_{column}"), format!("f_{column}"));
    link(&table_path(table), [(op.as_str(), "eq"), (filter.as_str(), value)])
}

/// `/tables/{table}/row?k=..`: one row, its parent rows and its related rows.
pub(crate) async fn row_view(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    Query(pairs): Query<Pairs>,
) -> Response {
    let table = match known_table(&shared, &name).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    let key = all(&pairs, "k");
    match rows::by_key(&shared.db, table, &key).await {
        Ok(Some(row)) => {
            let body = row_body(&shared, table, &key, &row, &edit::FormState::from_row(table, &row)).await;
            page(&shared, StatusCode::OK, table.name, Some(table.name), &body).await
        }
        Ok(None) => {
            error_page(
                &shared,
                StatusCode::NOT_FOUND,
                &format!("no row of {} has the key {key:?}", table.name),
            )
            .await
        }
        Err(err) => {
            error_page(&shared, StatusCode::BAD_REQUEST, &format!("could not read the row: {err}")).await
        }
    }
}

/// The row page's body: the values, the relations, and (with `--write`) the edit form.
pub(crate) async fn row_body(
    shared: &Shared,
    table: &'static TableMeta,
    key: &[String],
    row: &TextRow,
    form: &edit::FormState,
) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h2 id=\"title\"><a href=\"{}\">{}</a> {}</h2><table id=\"row\">",
        escape(&table_path(table.name)),
        escape(table.name),
        escape(&key.join(", "))
    );
    for (column, value) in table.columns.iter().zip(row) {
        let _ = write!(
            body,
            "<tr><th>{}</th><td data-column=\"{}\">{}</td></tr>",
            escape(column.name),
            escape(column.name),
            value_cell(&shared.schema, column, value.as_deref())
        );
    }
    let _ = write!(body, "</table><h3>Relations</h3><ul id=\"relations\">");
    for column in table.columns {
        if let (Some(fk), Some(value)) = (column.references, rows::value_of(table, row, column)) {
            let _ = write!(
                body,
                "<li>belongs to <a class=\"parent\" href=\"{}\">{} ({} = {})</a></li>",
                escape(&reference_link(&shared.schema, fk.table, fk.column, value)),
                escape(fk.table),
                escape(fk.column),
                escape(value)
            );
        }
    }
    for child in catalog::children(&shared.schema, table) {
        let Some(parent_column) = table.column(child.parent_column) else { continue };
        let Some(value) = rows::value_of(table, row, parent_column) else { continue };
        let value = value.to_owned();
        let count = rows::count_where(&shared.db, child.table, child.column, &value).await.ok();
        let href = filtered_link(child.table.name, child.column.name, &value);
        let _ = write!(
            body,
            "<li>has <a class=\"child\" data-table=\"{}\" href=\"{}\">{} ({})</a> through {}</li>",
            escape(child.table.name),
            escape(&href),
            escape(child.table.name),
            count.map_or_else(|| "?".to_owned(), |n| n.to_string()),
            escape(child.column.name)
        );
    }
    let _ = write!(body, "</ul>");
    if shared.write {
        edit::edit_form(&mut body, shared, table, &row_link(table, key), form, false);
    }
    body
}
