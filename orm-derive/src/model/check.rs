//! Validation of a model: every rule that needs more than one attribute at a time.
//!
//! Rules about a field's Rust type (`varchar` on text, `identity` on an integer, a
//! nullable key through a type alias) are not decided here from how the type is
//! spelled: the generated code checks them with the compiler (`expand::table`).

use std::collections::HashMap;

use quote::ToTokens;
use syn::Ident;

use super::audit::check_audit;
use super::ctxt::Ctxt;
use super::pg_enum::EnumModel;
use super::relation::RelationKind;
use super::table::{DefaultModel, FieldModel, TableModel};
use super::types::{LiteralKind, literal_kind};

/// PostgreSQL truncates identifiers longer than this many bytes.
const MAX_IDENT_BYTES: usize = 63;

/// Reports every problem of `model` in `cx`.
pub(crate) fn check_table(cx: &Ctxt, model: &TableModel) {
    match &model.explicit_name {
        Some(lit) => check_name(cx, lit, &model.name, "table"),
        None => check_name(cx, &model.ident, &model.name, "table"),
    }
    check_primary_keys(cx, model);
    check_indexes(cx, model);
    let mut columns: HashMap<&str, &FieldModel> = HashMap::new();
    for field in &model.fields {
        match &field.explicit_name {
            Some(lit) => check_name(cx, lit, &field.column, "column"),
            None => check_name(cx, &field.ident, &field.column, "column"),
        }
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
    check_relations(cx, model);
    check_associated_names(cx, model);
    check_audit(cx, model);
    if let Some(ident) = &model.soft_delete {
        match model.field(ident) {
            None => cx.error_spanned_by(
                ident,
                format!("`soft_delete` names `{ident}`, which is not a field of this struct"),
            ),
            Some(field) if !field.nullable() => cx.error_spanned_by(
                ident,
                format!("`soft_delete` needs a nullable timestamp field: `{ident}: Option<DateTime<Utc>>`"),
            ),
            Some(_) => {}
        }
    }
}

/// Names of the functions `Table` gives every table: a relation may not hide one.
const TABLE_FUNCTIONS: &[&str] = &["select", "insert", "insert_many", "update", "delete", "meta", "copy_in"];

fn check_relations(cx: &Ctxt, model: &TableModel) {
    let mut names: Vec<String> = Vec::new();
    for relation in &model.relations {
        let name = relation.name.to_string();
        if TABLE_FUNCTIONS.contains(&name.as_str()) {
            cx.error_spanned_by(
                &relation.name,
                format!(
                    "a relation named `{name}` would hide `{}::{name}()`; choose another name",
                    model.ident
                ),
            );
        }
        if names.contains(&name) {
            cx.error_spanned_by(&relation.name, format!("two relations are named `{name}`"));
        }
        names.push(name);
        let needs_own_key = !matches!(relation.kind, RelationKind::BelongsTo);
        if needs_own_key && relation.key.is_none() && model.single_primary_key().is_none() {
            cx.error_spanned_by(
                &relation.attr,
                format!(
                    "`{}` links through this table's primary key, and `{}` has no single-column one; name the column with `key = {}::COLUMN`",
                    relation.kind.attr_name(),
                    model.ident,
                    model.ident
                ),
            );
        }
        if relation.kind == RelationKind::BelongsTo {
            let own = relation.fk.as_ref().is_some_and(|fk| {
                let first = fk.segments.first().map(|s| s.ident.to_string());
                let own_table = first.as_deref() == Some("Self") || first == Some(model.ident.to_string());
                let field = fk.segments.last().and_then(|s| model.field_by_const(&s.ident));
                own_table && fk.segments.len() == 2 && field.is_some()
            });
            if !own {
                cx.error_spanned_by(
                    relation.fk.as_ref().map_or(&relation.attr, |fk| fk),
                    format!(
                        "`belongs_to` takes a foreign key column of `{}` itself: `fk = Self::AUTHOR_ID`",
                        model.ident
                    ),
                );
            }
        }
    }
}

/// Reports two items of the struct's inherent impl with one name: each field's
/// column constant (its name in upper case, so `ab` and `aB` both give `AB`) and
/// each relation's accessor. Reported at the second of the two.
fn check_associated_names(cx: &Ctxt, model: &TableModel) {
    let table = &model.ident;
    let mut constants: HashMap<String, &FieldModel> = HashMap::new();
    for field in &model.fields {
        let constant = field.const_ident().to_string();
        if let Some(first) = constants.get(&constant) {
            cx.error_spanned_by(
                &field.ident,
                format!(
                    "fields `{}` and `{}` both give the column constant `{table}::{constant}` (a field's name in upper case); \
                     rename one field, keeping its column name with `#[column(name = \"{}\")]`",
                    first.ident, field.ident, field.column
                ),
            );
        } else {
            constants.insert(constant, field);
        }
    }
    for relation in &model.relations {
        let name = relation.name.to_string();
        if let Some(field) = constants.get(&name) {
            cx.error_spanned_by(
                &relation.name,
                format!(
                    "a relation named `{name}` would collide with `{table}::{name}`, the column constant of field `{}`; \
                     choose another name",
                    field.ident
                ),
            );
        }
    }
}

/// Reports every problem of an enum model in `cx`.
pub(crate) fn check_enum(cx: &Ctxt, model: &EnumModel) {
    match &model.explicit_name {
        Some(lit) => check_name(cx, lit, &model.name, "enum type"),
        None => check_name(cx, &model.ident, &model.name, "enum type"),
    }
    for (at, variant) in model.variants.iter().enumerate() {
        let span = match &variant.rename {
            Some(lit) => lit.to_token_stream(),
            None => variant.ident.to_token_stream(),
        };
        let label = &variant.label;
        if let Some(first) = model.variants[..at].iter().find(|v| v.label == *label) {
            cx.error_spanned_by(
                &span,
                format!("two variants have the label `{label}` (`{}` and `{}`)", first.ident, variant.ident),
            );
        }
        if label.is_empty() || label.len() > MAX_IDENT_BYTES {
            cx.error_spanned_by(&span, "an enum label must be 1 to 63 bytes long");
        } else if label.contains('\0') {
            cx.error_spanned_by(
                &span,
                format!("the enum label `{}` contains a NUL byte", label.escape_debug()),
            );
        }
    }
    if model.variants.is_empty() {
        cx.error_spanned_by(&model.ident, "`#[derive(PgEnum)]` needs at least one variant");
    }
}

/// Reports `ident` listed twice in `list`, at its second mention.
fn check_listed_once(cx: &Ctxt, list: &[Ident], what: &str) {
    for (at, ident) in list.iter().enumerate() {
        if list[..at].contains(ident) {
            cx.error_spanned_by(ident, format!("{what} lists `{ident}` twice"));
        }
    }
}

fn check_name(cx: &Ctxt, span: impl ToTokens, name: &str, what: &str) {
    if name.is_empty() {
        cx.error_spanned_by(span, format!("the {what} name is empty"));
    } else if name.contains('\0') {
        cx.error_spanned_by(span, format!("the {what} name `{}` contains a NUL byte", name.escape_debug()));
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
            format!(
                "two primary keys: `table(primary_key(..))` and `column(primary_key)` on `{}`; keep one",
                field.ident
            ),
        );
    }
    if columns.is_empty() {
        cx.error_spanned_by(
            attr,
            "`primary_key(..)` needs at least one field: `#[table(primary_key(a, b))]`",
        );
    }
    check_listed_once(cx, columns, "`primary_key(..)`");
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
        match &index.expressions {
            None if index.columns.is_empty() => {
                cx.error_spanned_by(&index.attr, "an index needs at least one column: `columns(a, b)`");
            }
            None => {}
            Some(_) if !index.columns.is_empty() => cx.error_spanned_by(
                &index.attr,
                "an index takes either `columns(..)` or `expressions(..)`; write a column as an expression to mix them: `expressions(\"lower(email)\", \"id\")`",
            ),
            Some(expressions) if expressions.is_empty() => {
                cx.error_spanned_by(&index.attr, "`expressions(..)` needs at least one SQL expression");
            }
            Some(_) if index.name.is_none() => cx.error_spanned_by(
                &index.attr,
                "an expression index needs a name: `name = \"users_email_lower_idx\"`",
            ),
            Some(expressions) => {
                for expression in expressions {
                    if expression.value().trim().is_empty() {
                        cx.error_spanned_by(expression, "an index expression cannot be empty");
                    }
                }
            }
        }
        if let Some(predicate) = &index.predicate {
            if predicate.value().trim().is_empty() {
                cx.error_spanned_by(predicate, "`where` needs a condition: `where = \"deleted_at IS NULL\"`");
            }
        }
        check_listed_once(cx, &index.columns, "the index");
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
                cx.error_spanned_by(
                    using,
                    "`using` takes an index method such as `btree`, `gin`, `gist`, `brin` or `hash`",
                );
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &FieldModel) {
    // Whether the field's type fits `varchar`, `numeric` and `identity` is checked
    // by the compiler; the arguments are checked here.
    if let Some((key, len)) = &field.varchar {
        if *len == 0 {
            cx.error_spanned_by(key, "`varchar(n)` needs a length of at least 1");
        }
        if field.numeric.is_some() {
            cx.error_spanned_by(key, "a column cannot be both `varchar(n)` and `numeric(p, s)`");
        }
    }
    if let Some((key, precision, scale)) = &field.numeric {
        if *precision == 0 || *precision > 1000 || scale > precision {
            cx.error_spanned_by(
                key,
                "`numeric(p, s)` needs 1 <= p <= 1000 and 0 <= s <= p, e.g. `numeric(12, 2)`",
            );
        }
    }
    if let Some(key) = &field.identity {
        if field.default.is_some() {
            cx.error_spanned_by(key, "an `identity` column is filled by the database; remove its `default`");
        }
        if let Some(hook) = &field.validate {
            cx.error_spanned_by(
                hook,
                "an `identity` column is filled by the database, so a `validate` hook would never run; remove it",
            );
        }
    }
    if let Some((_, DefaultModel::Literal(lit))) = &field.default {
        check_literal_default(cx, field, lit);
    }
    if let Some((_, DefaultModel::Sql(lit))) = &field.default {
        if lit.value().trim().is_empty() {
            cx.error_spanned_by(lit, "`sql(\"..\")` needs an SQL expression, e.g. `sql(\"now()\")`");
        }
    }
    if let Some(check) = &field.check {
        if check.value().trim().is_empty() {
            cx.error_spanned_by(check, "`check` needs an SQL condition, e.g. `check = \"age >= 0\"`");
        }
    }
    // `set_null` on a field that cannot hold NULL is checked by the compiler.
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
