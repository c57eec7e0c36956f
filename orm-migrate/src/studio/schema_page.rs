//! `/tables/{table}/schema`: a table's columns and indexes from the metadata, and
//! where the live database differs from it.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use orm_core::Executor;
use orm_core::schema::TableMeta;

use super::html::{escape, table_path};
use super::pages::{known_table, page};
use super::server::Shared;

/// `/tables/{table}/schema`: columns, keys and indexes from the metadata, and where the
/// live database differs from it.
pub(crate) async fn schema_view(State(shared): State<Shared>, Path(name): Path<String>) -> Response {
    let table = match known_table(&shared, &name).await {
        Ok(table) => table,
        Err(response) => return response,
    };
    let mut body = String::new();
    let _ = write!(
        body,
        "<h2 id=\"title\"><a href=\"{}\">{}</a> · schema</h2>",
        escape(&table_path(table.name)),
        escape(table.name)
    );
    match drift(&shared, table).await {
        Ok(Drift { steps, .. }) if steps.is_empty() => {
            let _ =
                write!(body, "<p id=\"in-sync\">The live database matches the schema for this table.</p>");
        }
        Ok(Drift { steps, as_text }) => {
            let _ = write!(
                body,
                "<div class=\"warning\" id=\"drift\"><b>The live database differs from the schema:</b><ul>"
            );
            for step in steps {
                let _ = write!(body, "<li>{}</li>", escape(&step));
            }
            let _ = write!(body, "</ul>");
            if let Some(why) = as_text {
                let _ = write!(
                    body,
                    "<p id=\"as-text\">Checks, defaults and index expressions were compared as text, so one \
                     PostgreSQL stores rewritten (<code>IN</code>, <code>BETWEEN</code>, <code>LIKE</code>, casts) \
                     may be listed although it matches: the schema's DDL could not be run in a scratch schema \
                     ({}).</p>",
                    escape(&why)
                );
            }
            let _ = write!(
                body,
                "Run the migrations (or <code>push</code> in development) to bring it in line.</div>"
            );
        }
        Err(err) => {
            let _ =
                write!(body, "<div class=\"warning\">Could not read the live schema: {}</div>", escape(&err));
        }
    }
    let _ = write!(
        body,
        "<table id=\"columns\"><tr><th>column</th><th>type</th><th>null</th><th>default</th><th>key</th><th>references</th></tr>"
    );
    for column in table.columns {
        let default = match column.default {
            Some(orm_core::schema::DefaultValue::Literal(v)) => format!("'{v}'"),
            Some(orm_core::schema::DefaultValue::Sql(v)) => v.to_owned(),
            None if column.identity => "identity".to_owned(),
            None => String::new(),
        };
        let key = match (column.primary_key || table.primary_key.contains(&column.name), column.unique) {
            (true, _) => "primary key",
            (false, true) => "unique",
            _ => "",
        };
        let references = column
            .references
            .map(|fk| format!("{}.{} (on delete {})", fk.table, fk.column, fk.on_delete.as_sql()));
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{key}</td><td>{}</td></tr>",
            escape(column.name),
            escape(&column.sql_type.to_string()),
            if column.nullable { "NULL" } else { "NOT NULL" },
            escape(&default),
            escape(&references.unwrap_or_default())
        );
    }
    let _ = write!(body, "</table><h3>Indexes</h3><ul id=\"indexes\">");
    for index in table.indexes {
        let what =
            if index.columns.is_empty() { index.expressions.join(", ") } else { index.columns.join(", ") };
        let _ = write!(
            body,
            "<li>{}{} ({}){}{}</li>",
            if index.unique { "unique " } else { "" },
            escape(index.name.unwrap_or("(named by PostgreSQL)")),
            escape(&what),
            index.using.map(|u| format!(" using {u}")).unwrap_or_default(),
            index.predicate.map(|p| format!(" where {}", escape(p))).unwrap_or_default()
        );
    }
    let _ = write!(body, "</ul>");
    page(&shared, StatusCode::OK, table.name, Some(table.name), &body).await
}

/// Where the live table differs from the code.
struct Drift {
    /// What it would take to bring the live table in line, step by step.
    steps: Vec<String>,
    /// Why expressions were compared as text, when they had to be.
    as_text: Option<String>,
}

/// The [`Drift`] of `table`. Expressions (checks, defaults, index keys and predicates)
/// are compared as the server stores them, as `push` compares them; where the code's
/// DDL cannot be run in a scratch schema (a role that may not create schemas, a
/// read-only standby), they are compared as text.
async fn drift(shared: &Shared, table: &TableMeta) -> Result<Drift, String> {
    let client = shared.db.client().await.map_err(|e| e.to_string())?;
    let db_error = |e: tokio_postgres::Error| orm_core::Error::from(e).to_string();
    let mut live = crate::introspect::introspect_current(&client).await.map_err(db_error)?;
    let code = crate::Snapshot::from_schema(&shared.schema);
    let spelled = crate::introspect::spell_as_the_code(&client, &shared.schema, &code, &mut live).await;
    let steps = crate::diff(&live, &code)
        .steps()
        .iter()
        .filter(|s| s.table() == Some(table.name))
        .map(|s| s.description().to_owned())
        .collect();
    Ok(Drift { steps, as_text: spelled.err().map(db_error) })
}
