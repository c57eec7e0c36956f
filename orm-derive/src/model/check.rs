//! Validation of a table model: every rule that needs more than one attribute at a time.

use std::collections::HashMap;

use super::ctxt::Ctxt;
use super::table::{DefaultModel, FieldModel, TableModel};
use super::types::{LiteralKind, last_segment, literal_kind};

/// PostgreSQL truncates identifiers longer than this many bytes.
const MAX_IDENT_BYTES: usize = 63;

/// Reports every problem of `model` in `cx`.
pub(crate) fn check_table(cx: &Ctxt, model: &TableModel) {
    check_name(cx, &model.ident, &model.name, "table");
    check_primary_keys(cx, model);
    check_indexes(cx, model);
    let mut columns: HashMap<&str, &FieldModel> = HashMap::new();
    for field in &model.fields {
        check_name(cx, &field.ident, &field.column, "column");
        if let Some(first) = columns.insert(&field.column, field) {
            cx.error_spanned_by(
                &field.ident,
                format!(
                    "column `{}` is declared twice (fields `{}` and `{}`)",
                    field.column, first.ident, field.ident
                ),
            );
        }
        check_field(cx, field);
    }
}

fn check_name(cx: &Ctxt, span: &syn::Ident, name: &str, what: &str) {
    if name.is_empty() {
        cx.error_spanned_by(span, format!("the {what} name is empty"));
    } else if name.contains('\0') {
        cx.error_spanned_by(
            span,
            format!(
                "the {what} name `{}` contains a NUL byte",
                name.escape_debug()
            ),
        );
    } else if name.len() > MAX_IDENT_BYTES {
        cx.error_spanned_by(
            span,
            format!(
                "the {what} name `{name}` is {} bytes; PostgreSQL keeps only {MAX_IDENT_BYTES}",
                name.len()
            ),
        );
    }
}

fn check_primary_keys(cx: &Ctxt, model: &TableModel) {
    let mut first: Option<&FieldModel> = None;
    for field in &model.fields {
        let Some(key) = &field.primary_key else {
            continue;
        };
        if field.nullable() {
            cx.error_spanned_by(
                key,
                format!(
                    "`column(primary_key)` cannot be on `{}`, an `Option` field: primary key columns are NOT NULL",
                    field.ident
                ),
            );
        }
        match first {
            Some(first) => cx.error_spanned_by(
                key,
                format!(
                    "two primary keys, `{}` and `{}`; for a composite key write `#[table(primary_key({}, {}))]` on the struct",
                    first.ident, field.ident, first.ident, field.ident
                ),
            ),
            None => first = Some(field),
        }
    }
    let Some((attr, columns)) = &model.composite_key else {
        return;
    };
    if let Some(field) = first {
        cx.error_spanned_by(
            attr,
            format!("two primary keys: `table(primary_key(..))` and `column(primary_key)` on `{}`; keep one", field.ident),
        );
    }
    if columns.is_empty() {
        cx.error_spanned_by(
            attr,
            "`primary_key(..)` needs at least one field: `#[table(primary_key(a, b))]`",
        );
    }
    for ident in columns {
        match model.field(ident) {
            None => cx.error_spanned_by(ident, format!("`primary_key` names `{ident}`, which is not a field of this struct")),
            Some(field) if field.nullable() => cx.error_spanned_by(
                ident,
                format!("`{ident}` is an `Option` field and cannot be part of the primary key: key columns are NOT NULL"),
            ),
            Some(_) => {}
        }
    }
}

fn check_indexes(cx: &Ctxt, model: &TableModel) {
    for index in &model.indexes {
        if index.columns.is_empty() {
            cx.error_spanned_by(
                &index.attr,
                "an index needs at least one column: `columns(a, b)`",
            );
        }
        for ident in &index.columns {
            if model.field(ident).is_none() {
                cx.error_spanned_by(
                    ident,
                    format!("the index names `{ident}`, which is not a field of this struct"),
                );
            }
        }
        if let Some(using) = &index.using {
            let text = using.to_string();
            if !text.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                cx.error_spanned_by(using, "`using` takes an index method such as `btree`, `gin`, `gist`, `brin` or `hash`");
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &FieldModel) {
    let base = last_segment(field.base_ty()).unwrap_or_default();
    if let Some((key, len)) = &field.varchar {
        if base != "String" {
            cx.error_spanned_by(
                key,
                format!(
                    "`varchar(n)` needs a `String` field, but `{}` is not one",
                    field.ident
                ),
            );
        } else if *len == 0 {
            cx.error_spanned_by(key, "`varchar(n)` needs a length of at least 1");
        }
        if field.numeric.is_some() {
            cx.error_spanned_by(
                key,
                "a column cannot be both `varchar(n)` and `numeric(p, s)`",
            );
        }
    }
    if let Some((key, precision, scale)) = &field.numeric {
        if base != "Decimal" {
            cx.error_spanned_by(
                key,
                format!(
                    "`numeric(p, s)` needs a `Decimal` field, but `{}` is not one",
                    field.ident
                ),
            );
        } else if *precision == 0 || *precision > 1000 || scale > precision {
            cx.error_spanned_by(
                key,
                "`numeric(p, s)` needs 1 <= p <= 1000 and 0 <= s <= p, e.g. `numeric(12, 2)`",
            );
        }
    }
    if let Some(key) = &field.identity {
        if !matches!(base.as_str(), "i16" | "i32" | "i64") || field.nullable() {
            cx.error_spanned_by(
                key,
                format!(
                    "`identity` needs an `i16`, `i32` or `i64` field, and `{}` is not one",
                    field.ident
                ),
            );
        }
        if field.default.is_some() {
            cx.error_spanned_by(
                key,
                "an `identity` column is filled by the database; remove its `default`",
            );
        }
    }
    if let Some((_, DefaultModel::Literal(lit))) = &field.default {
        check_literal_default(cx, field, lit);
    }
    if let Some((_, DefaultModel::Sql(lit))) = &field.default {
        if lit.value().trim().is_empty() {
            cx.error_spanned_by(
                lit,
                "`sql(\"..\")` needs an SQL expression, e.g. `sql(\"now()\")`",
            );
        }
    }
    if let Some(check) = &field.check {
        if check.value().trim().is_empty() {
            cx.error_spanned_by(
                check,
                "`check` needs an SQL condition, e.g. `check = \"age >= 0\"`",
            );
        }
    }
    if let Some(reference) = &field.references {
        for (action, _) in [&reference.on_delete, &reference.on_update]
            .into_iter()
            .flatten()
        {
            if action == "set_null" && !field.nullable() {
                cx.error_spanned_by(
                    action,
                    format!(
                        "`set_null` needs an `Option` field, but `{}` cannot hold NULL",
                        field.ident
                    ),
                );
            }
        }
    }
}

fn check_literal_default(cx: &Ctxt, field: &FieldModel, lit: &syn::LitStr) {
    let text = lit.value();
    let fits = match literal_kind(field.base_ty()) {
        LiteralKind::Integer => text.trim().parse::<i64>().is_ok(),
        LiteralKind::Float => text.trim().parse::<f64>().is_ok(),
        LiteralKind::Bool => matches!(text.as_str(), "true" | "false"),
        LiteralKind::Other => true,
    };
    if !fits {
        cx.error_spanned_by(
            lit,
            format!(
                "the default `{text}` is not a value of `{}`'s type; for an SQL expression write `default = sql(\"..\")`",
                field.ident
            ),
        );
    }
}
