//! Editing (with `--write`): the edit and insert forms, checked against the schema
//! before anything is sent, written in a transaction.

use std::fmt::Write;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use orm_core::Error;
use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, TableMeta};

use super::auth::same_token;
use super::catalog;
use super::html::{escape, table_path};
use super::pages::{self, Pairs};
use super::rows::{self, TextRow};
use super::server::Shared;
use super::values::{self, Input};

/// What the form holds: per column its input (`None`: not part of the form) and the
/// problem found with it, plus a problem with the whole write (a constraint).
#[derive(Debug, Default)]
pub(crate) struct FormState {
    inputs: Vec<Option<Input>>,
    errors: Vec<Option<String>>,
    problem: Option<String>,
}

impl FormState {
    /// The form for editing `row` as stored.
    pub(crate) fn from_row(table: &TableMeta, row: &TextRow) -> Self {
        let inputs = table
            .columns
            .iter()
            .zip(row)
            .map(|(column, value)| {
                editable(table, column, false).then(|| value.clone().map_or(Input::Null, Input::Value))
            })
            .collect();
        FormState { inputs, errors: vec![None; table.columns.len()], problem: None }
    }

    /// An empty insert form: every column with a server value left to it.
    fn blank(table: &TableMeta) -> Self {
        let inputs = table
            .columns
            .iter()
            .map(|column| {
                editable(table, column, true).then(|| {
                    if column.default.is_some() { Input::Default } else { Input::Value(String::new()) }
                })
            })
            .collect();
        FormState { inputs, errors: vec![None; table.columns.len()], problem: None }
    }

    /// The form as posted: `c_<column>` values, `null_<column>` and `default_<column>` boxes.
    fn posted(table: &TableMeta, pairs: &Pairs, inserting: bool) -> Self {
        let ticked = |prefix: &str, column: &ColumnMeta| {
            let key = format!("{prefix}{}", column.name);
            pairs.iter().any(|(k, v)| *k == key && v == "on")
        };
        let inputs = table
            .columns
            .iter()
            .map(|column| {
                if !editable(table, column, inserting) {
                    return None;
                }
                Some(if inserting && ticked("default_", column) {
                    Input::Default
                } else if ticked("null_", column) {
                    Input::Null
                } else {
                    let key = format!("c_{}", column.name);
                    Input::Value(
                        pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default(),
                    )
                })
            })
            .collect();
        FormState { inputs, errors: vec![None; table.columns.len()], problem: None }
    }

    /// Checks every input against its column; `true` when all fit.
    fn check(&mut self, table: &TableMeta) -> bool {
        for (i, column) in table.columns.iter().enumerate() {
            if let Some(input) = &self.inputs[i] {
                let checked = values::check(column, input).and_then(|()| match input {
                    Input::Value(text) => values::check_hook(table, i, text),
                    _ => Ok(()),
                });
                self.errors[i] = checked.err();
            }
        }
        self.errors.iter().all(Option::is_none)
    }
}

/// Whether the form offers a column: never an identity, and on an edit neither the key
/// nor an audit column (`created_at` never changes; `updated_at` and `version` are
/// maintained by every update, as the builders do).
fn editable(table: &TableMeta, column: &ColumnMeta, inserting: bool) -> bool {
    !column.identity
        && (inserting
            || !(column.primary_key || table.primary_key.contains(&column.name) || column.audit.is_some()))
}

/// Typing a value into a field unticks its NULL and default boxes.
const UNTICK: &str = "document.querySelectorAll('form.edit [name^=\"c_\"]').forEach(function (field) {\
  ['input', 'change'].forEach(function (event) { field.addEventListener(event, function () {\
    ['null_', 'default_'].forEach(function (prefix) {\
      var box = field.form.elements[prefix + field.name.slice(2)]; if (box) { box.checked = false; }\
    });\
  }); });\
});";

/// Writes the edit (or insert) form, with each field's problem beside it.
pub(crate) fn edit_form(
    body: &mut String,
    shared: &Shared,
    table: &TableMeta,
    action: &str,
    form: &FormState,
    inserting: bool,
) {
    let _ = write!(
        body,
        "<h3>{}</h3><form class=\"edit\" id=\"edit\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        if inserting { "New row" } else { "Edit" },
        escape(action),
        escape(&shared.token)
    );
    if let Some(problem) = &form.problem {
        let _ = write!(body, "<p class=\"error\" id=\"problem\">{}</p>", escape(problem));
    }
    for (i, column) in table.columns.iter().enumerate() {
        let Some(input) = &form.inputs[i] else { continue };
        let _ = write!(
            body,
            "<label>{} <small>{}</small>",
            escape(column.name),
            escape(&column.sql_type.to_string())
        );
        if let Some(error) = &form.errors[i] {
            let _ = write!(
                body,
                "<span class=\"field-error\" data-column=\"{}\">{}</span>",
                escape(column.name),
                escape(error)
            );
        }
        let _ = write!(body, "</label>");
        let value = match input {
            Input::Value(text) => Some(text.as_str()),
            _ => None,
        };
        let name = format!("c_{}", column.name);
        if column.sql_type == orm_core::schema::SqlType::Text
            || column.sql_type == orm_core::schema::SqlType::Jsonb
        {
            let _ = write!(
                body,
                "<textarea name=\"{}\" rows=\"3\" cols=\"60\">{}</textarea>",
                escape(&name),
                escape(value.unwrap_or(""))
            );
        } else {
            pages::value_input(body, &name, column, value);
        }
        if column.nullable {
            let checked = if *input == Input::Null { " checked" } else { "" };
            let _ = write!(
                body,
                " <label style=\"display:inline\"><input type=\"checkbox\" name=\"null_{}\"{checked}> NULL</label>",
                escape(column.name)
            );
        }
        if inserting && column.has_server_value() && column.default.is_some() {
            let checked = if *input == Input::Default { " checked" } else { "" };
            let _ = write!(
                body,
                " <label style=\"display:inline\"><input type=\"checkbox\" name=\"default_{}\"{checked}> default</label>",
                escape(column.name)
            );
        }
    }
    let _ = write!(
        body,
        "<p><button id=\"save\" type=\"submit\">save</button></p></form><script>{UNTICK}</script>"
    );
}

/// Refuses a write on a read-only studio (403), or a form without the page's token.
async fn writable(shared: &Shared, pairs: &Pairs) -> Result<(), Response> {
    if !shared.write {
        let message = "the studio is read-only: start it with --write to edit rows";
        return Err(pages::error_page(shared, StatusCode::FORBIDDEN, message).await);
    }
    let csrf = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
    if !csrf.is_some_and(|csrf| same_token(csrf, &shared.token)) {
        let message = "the form did not come from this studio's page: reload the page and try again";
        return Err(pages::error_page(shared, StatusCode::FORBIDDEN, message).await);
    }
    Ok(())
}

/// The table a write names, once the write is allowed.
async fn writable_table(shared: &Shared, name: &str, pairs: &Pairs) -> Result<&'static TableMeta, Response> {
    writable(shared, pairs).await?;
    pages::known_table(shared, name).await
}

/// POST `/tables/{table}/row?k=..`: saves the edited row.
pub(crate) async fn update_row(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    Query(query): Query<Pairs>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let table = match writable_table(&shared, &name, &pairs).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    let key: Vec<String> = query.iter().filter(|(k, _)| k == "k").map(|(_, v)| v.clone()).collect();
    let mut form = FormState::posted(table, &pairs, false);
    if form.check(table) {
        match write_update(&shared, table, &key, &form).await {
            Ok(1) => return Redirect::to(&pages::row_link(table, &key)).into_response(),
            Ok(_) => form.problem = Some("the row is gone (deleted meanwhile?)".to_owned()),
            Err(err) => form.problem = Some(err.to_string()),
        }
    }
    match rows::by_key(&shared.db, table, &key).await {
        Ok(Some(row)) => {
            let body = pages::row_body(&shared, table, &key, &row, &form).await;
            pages::page(&shared, StatusCode::UNPROCESSABLE_ENTITY, table.name, Some(table.name), &body).await
        }
        _ => pages::error_page(&shared, StatusCode::NOT_FOUND, "the row is gone (deleted meanwhile?)").await,
    }
}

/// GET `/tables/{table}/new`: the insert form.
pub(crate) async fn new_row_form(State(shared): State<Shared>, Path(name): Path<String>) -> Response {
    if !shared.write {
        let message = "the studio is read-only: start it with --write to insert rows";
        return pages::error_page(&shared, StatusCode::FORBIDDEN, message).await;
    }
    let table = match pages::known_table(&shared, &name).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    insert_page(&shared, table, &FormState::blank(table), StatusCode::OK).await
}

async fn insert_page(
    shared: &Shared,
    table: &'static TableMeta,
    form: &FormState,
    status: StatusCode,
) -> Response {
    let mut body = format!(
        "<h2 id=\"title\"><a href=\"{}\">{}</a> · new row</h2>",
        escape(&table_path(table.name)),
        escape(table.name)
    );
    edit_form(&mut body, shared, table, &format!("{}/new", table_path(table.name)), form, true);
    pages::page(shared, status, table.name, Some(table.name), &body).await
}

/// POST `/tables/{table}/new`: inserts the row and shows it.
pub(crate) async fn insert_row(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let table = match writable_table(&shared, &name, &pairs).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    let mut form = FormState::posted(table, &pairs, true);
    if form.check(table) {
        match write_insert(&shared, table, &form).await {
            Ok(Some(key)) => return Redirect::to(&pages::row_link(table, &key)).into_response(),
            Ok(None) => return Redirect::to(&table_path(table.name)).into_response(),
            Err(err) => form.problem = Some(err.to_string()),
        }
    }
    insert_page(&shared, table, &form, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Writes `"column" = value` (bound, cast to the column's type) or `= NULL`.
fn push_value<'a>(w: &mut SqlWriter<'a>, column: &ColumnMeta, input: &'a Input) {
    match input {
        Input::Value(text) => catalog::push_typed_param(w, column, text),
        Input::Null => w.push_sql("NULL"),
        Input::Default => w.push_sql("DEFAULT"),
    }
}

/// Runs one statement in a transaction and returns its rows (as text).
async fn in_transaction(shared: &Shared, w: SqlWriter<'_>) -> Result<Vec<tokio_postgres::Row>, Error> {
    let (sql, params) = w.finish();
    let mut client = shared.db.pool().get().await.map_err(|e| Error::Connection { source: Box::new(e) })?;
    let tx = client.transaction().await?;
    let rows = tx.query(&sql, &params).await?;
    tx.commit().await?;
    Ok(rows)
}

async fn write_update(
    shared: &Shared,
    table: &'static TableMeta,
    key: &[String],
    form: &FormState,
) -> Result<usize, Error> {
    let key_columns = catalog::key_columns(table);
    if key_columns.is_empty() || key_columns.len() != key.len() {
        return Ok(0);
    }
    let mut w = SqlWriter::new();
    w.push_sql("UPDATE ");
    w.push_ident(table.name);
    w.push_sql(" SET ");
    let mut first = true;
    for (column, input) in table.columns.iter().zip(&form.inputs) {
        let Some(input) = input else { continue };
        if !first {
            w.push_sql(", ");
        }
        first = false;
        w.push_ident(column.name);
        w.push_sql(" = ");
        push_value(&mut w, column, input);
    }
    if first {
        return Ok(1);
    }
    // What every update the builders issue adds: `updated_at = now()`, `version + 1`.
    orm_core::query::render_audit_assignments(table, &mut w);
    w.push_sql(" WHERE ");
    for (i, (column, value)) in key_columns.iter().zip(key).enumerate() {
        if i > 0 {
            w.push_sql(" AND ");
        }
        w.push_ident(column.name);
        w.push_sql(" = ");
        catalog::push_typed_param(&mut w, column, value);
    }
    w.push_sql(" RETURNING 1");
    Ok(in_transaction(shared, w).await?.len())
}

async fn write_insert(
    shared: &Shared,
    table: &TableMeta,
    form: &FormState,
) -> Result<Option<Vec<String>>, Error> {
    let mut w = SqlWriter::new();
    w.push_sql("INSERT INTO ");
    w.push_ident(table.name);
    let given: Vec<(&ColumnMeta, &Input)> = table
        .columns
        .iter()
        .zip(&form.inputs)
        .filter_map(|(column, input)| input.as_ref().filter(|i| **i != Input::Default).map(|i| (column, i)))
        .collect();
    if given.is_empty() {
        w.push_sql(" DEFAULT VALUES");
    } else {
        w.push_sql(" (");
        for (i, (column, _)) in given.iter().enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            w.push_ident(column.name);
        }
        w.push_sql(") VALUES (");
        for (i, (column, input)) in given.iter().enumerate() {
            if i > 0 {
                w.push_sql(", ");
            }
            push_value(&mut w, column, input);
        }
        w.push_sql(")");
    }
    let key_columns = catalog::key_columns(table);
    if key_columns.is_empty() {
        in_transaction(shared, w).await?;
        return Ok(None);
    }
    w.push_sql(" RETURNING ");
    for (i, column) in key_columns.iter().enumerate() {
        if i > 0 {
            w.push_sql(", ");
        }
        w.push_ident(column.name);
        w.push_sql("::text");
    }
    let rows = in_transaction(shared, w).await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let key = (0..key_columns.len()).map(|i| row.try_get::<_, String>(i)).collect::<Result<_, _>>()?;
    Ok(Some(key))
}
