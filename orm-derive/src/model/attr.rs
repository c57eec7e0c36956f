//! Parsing `#[table(..)]`, `#[index(..)]`, `#[unique_index(..)]` and `#[column(..)]`.

use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprCall, ExprLit, Ident, Lit, LitInt, LitStr, Path, Token, parenthesized};

use super::audit::{AuditKind, parse_audit};
use super::ctxt::Ctxt;
use super::symbol::*;
use super::table::{DefaultModel, FieldModel, IndexModel, ReferenceModel, TableModel};

const COLUMN_KEYS: &str = "primary_key, unique, index, identity, default, references, check, name, varchar, \
     numeric, renamed_from, created_at, updated_at, version, validate";
const FK_ACTIONS: &str = "cascade, set_null, set_default, restrict, no_action";

/// Records `value` in `slot`, or reports a duplicate at the key's span.
pub(crate) fn set_once<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    attr: Symbol,
    slot: &mut Option<T>,
    value: T,
) {
    if slot.is_some() {
        let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        cx.error_spanned_by(&meta.path, format!("duplicate `{attr}({key})` attribute"));
    } else {
        *slot = Some(value);
    }
}

/// `#[table(name = "users", primary_key(a, b), renamed_from = "old")]`
///
/// The slots live in `model`, so a key repeated in a second `#[table]` attribute
/// is a duplicate too.
pub(crate) fn parse_table_attr(cx: &Ctxt, attr: &Attribute, model: &mut TableModel) {
    let result = attr.parse_nested_meta(|meta| {
        if meta.path == NAME {
            // #[table(name = "users")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, TABLE, &mut model.explicit_name, value);
        } else if meta.path == SOFT_DELETE {
            // #[table(soft_delete = deleted_at)]
            let field: Ident = meta.value()?.parse()?;
            set_once(cx, &meta, TABLE, &mut model.soft_delete, field);
        } else if meta.path == RENAMED_FROM {
            // #[table(renamed_from = "people")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, TABLE, &mut model.renamed_from, value.value());
        } else if meta.path == PRIMARY_KEY {
            // #[table(primary_key(post_id, tag_id))]
            let columns = parse_ident_list(&meta)?;
            let value = (meta.path.clone(), columns);
            set_once(cx, &meta, TABLE, &mut model.composite_key, value);
        } else {
            return Err(meta.error(format_args!(
                "unknown `table` attribute `{}`; expected `name = \"..\"`, `primary_key(a, b)`, `soft_delete = field` or `renamed_from = \"..\"`",
                path_text(&meta.path)
            )));
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
    }
}

/// `#[index(columns(a, b), name = "..", using = gin, where = "..")]`,
/// `#[index(expressions("lower(email)"), name = "..")]` / `#[unique_index(..)]`
pub(crate) fn parse_index_attr(cx: &Ctxt, attr: &Attribute, unique: bool) -> Option<IndexModel> {
    let attr_name = if unique { UNIQUE_INDEX } else { INDEX };
    let mut columns = None;
    let mut expressions = None;
    let mut predicate = None;
    let mut name = None;
    let mut using = None;
    let result = attr.parse_nested_meta(|meta| {
        if meta.path == COLUMNS {
            // #[index(columns(name, created_at))]
            let list = parse_ident_list(&meta)?;
            set_once(cx, &meta, attr_name, &mut columns, list);
        } else if meta.path == EXPRESSIONS {
            // #[index(expressions("lower(email)"), name = "users_email_lower_idx")]
            let content;
            parenthesized!(content in meta.input);
            let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
            set_once(cx, &meta, attr_name, &mut expressions, list.into_iter().collect());
        } else if meta.path == WHERE {
            // #[index(columns(email), where = "deleted_at IS NULL")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, attr_name, &mut predicate, value);
        } else if meta.path == NAME {
            // #[index(columns(..), name = "users_by_name")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, attr_name, &mut name, value.value());
        } else if meta.path == USING {
            // #[index(columns(metadata), using = gin)]
            let input = meta.value()?;
            if input.peek(LitStr) {
                let quoted: LitStr = input.parse()?;
                cx.error_spanned_by(
                    &quoted,
                    "`using` takes the index method as a bare word, not a string: `using = gin`",
                );
            } else {
                let method: Ident = input.parse()?;
                set_once(cx, &meta, attr_name, &mut using, method);
            }
        } else {
            return Err(meta.error(format_args!(
                "unknown `{attr_name}` attribute `{}`; expected `columns(a, b)`, `expressions(\"..\")`, `name = \"..\"`, `using = gin` or `where = \"..\"`",
                path_text(&meta.path)
            )));
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
        return None;
    }
    if columns.is_none() && expressions.is_none() {
        cx.error_spanned_by(
            attr,
            format!(
                "`{attr_name}` needs its columns: `#[{attr_name}(columns(a, b))]` (or `expressions(\"lower(a)\")`)"
            ),
        );
        return None;
    }
    let columns = columns.unwrap_or_default();
    Some(IndexModel { attr: attr.path().clone(), columns, unique, name, using, expressions, predicate })
}

/// `#[column(..)]` on a field.
pub(crate) fn parse_column_attrs(cx: &Ctxt, attr: &Attribute, field: &mut FieldModel) {
    let result = attr.parse_nested_meta(|meta| {
        let key = meta.path.clone();
        if meta.path == PRIMARY_KEY {
            // #[column(primary_key)]
            set_once(cx, &meta, COLUMN, &mut field.primary_key, key);
        } else if meta.path == UNIQUE {
            // #[column(unique)]
            set_once(cx, &meta, COLUMN, &mut field.unique, key);
        } else if meta.path == INDEX {
            // #[column(index)]
            set_once(cx, &meta, COLUMN, &mut field.index, key);
        } else if meta.path == IDENTITY {
            // #[column(identity)]
            set_once(cx, &meta, COLUMN, &mut field.identity, key);
        } else if meta.path == NAME {
            // #[column(name = "e_mail")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, COLUMN, &mut field.explicit_name, value);
        } else if meta.path == RENAMED_FROM {
            // #[column(renamed_from = "mail")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, COLUMN, &mut field.renamed_from, value.value());
        } else if meta.path == CHECK {
            // #[column(check = "age >= 0")]
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, COLUMN, &mut field.check, value);
        } else if meta.path == DEFAULT {
            // #[column(default = "member")] or #[column(default = sql("now()"))]
            let value = parse_default(meta.value()?.parse()?)?;
            set_once(cx, &meta, COLUMN, &mut field.default, (key, value));
        } else if meta.path == VARCHAR {
            // #[column(varchar(100))]
            let content;
            parenthesized!(content in meta.input);
            let len: LitInt = content.parse()?;
            let len = len.base10_parse::<u32>()?;
            set_once(cx, &meta, COLUMN, &mut field.varchar, (key, len));
        } else if meta.path == NUMERIC {
            // #[column(numeric(12, 2))]
            let content;
            parenthesized!(content in meta.input);
            let args = Punctuated::<LitInt, Token![,]>::parse_terminated(&content)?;
            let [precision, scale] = args.iter().collect::<Vec<_>>()[..] else {
                return Err(meta.error("`numeric` takes a precision and a scale: `numeric(12, 2)`"));
            };
            let value = (key, precision.base10_parse()?, scale.base10_parse()?);
            set_once(cx, &meta, COLUMN, &mut field.numeric, value);
        } else if meta.path == VALIDATE {
            // #[column(validate = orm::validate::email)]
            let hook: Path = meta.value()?.parse()?;
            set_once(cx, &meta, COLUMN, &mut field.validate, hook);
        } else if meta.path == REFERENCES {
            // #[column(references(User::ID, on_delete = cascade, on_update = restrict))]
            let reference = parse_references(&meta)?;
            set_once(cx, &meta, COLUMN, &mut field.references, reference);
        } else if let Some(kind) = AuditKind::of(&meta.path) {
            // #[column(created_at)], #[column(updated_at)] or #[column(version)]
            parse_audit(cx, &meta, kind, field);
        } else {
            return Err(meta.error(format_args!(
                "unknown `column` attribute `{}`; expected one of: {COLUMN_KEYS}",
                path_text(&meta.path)
            )));
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
    }
}

/// `"literal"` or `sql("expression")`. A literal passed through a `macro_rules!`
/// fragment (`$default:literal`) arrives wrapped in an invisible group: unwrapped.
fn parse_default(expr: Expr) -> syn::Result<DefaultModel> {
    match expr {
        Expr::Group(group) => parse_default(*group.expr),
        Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => Ok(DefaultModel::Literal(lit)),
        Expr::Call(ExprCall { ref func, ref args, .. }) if matches!(&**func, Expr::Path(p) if p.path == SQL) => {
            match args.iter().collect::<Vec<_>>()[..] {
                [Expr::Lit(ExprLit { lit: Lit::Str(lit), .. })] => Ok(DefaultModel::Sql(lit.clone())),
                _ => Err(syn::Error::new_spanned(
                    &expr,
                    "`sql(..)` takes one string: `default = sql(\"now()\")`",
                )),
            }
        }
        other => Err(syn::Error::new_spanned(
            other,
            "`default` takes a string literal or `sql(\"..\")`: `default = \"member\"` or `default = sql(\"now()\")`",
        )),
    }
}

/// The contents of `references(..)`.
fn parse_references(meta: &ParseNestedMeta<'_>) -> syn::Result<ReferenceModel> {
    let mut target: Option<Path> = None;
    let mut on_delete = None;
    let mut on_update = None;
    meta.parse_nested_meta(|inner| {
        if inner.path == ON_DELETE || inner.path == ON_UPDATE {
            let action: Ident = inner.value()?.parse()?;
            let sql = fk_action(&action).ok_or_else(|| {
                syn::Error::new_spanned(
                    &action,
                    format!("unknown referential action `{action}`; expected one of: {FK_ACTIONS}"),
                )
            })?;
            let slot = if inner.path == ON_DELETE { &mut on_delete } else { &mut on_update };
            if slot.is_some() {
                return Err(syn::Error::new_spanned(
                    &inner.path,
                    format!("duplicate `{}` in `references(..)`", path_text(&inner.path)),
                ));
            }
            *slot = Some((action, sql));
        } else if target.is_none() && inner.path.segments.len() >= 2 {
            target = Some(inner.path.clone());
        } else {
            return Err(inner.error(
                "expected `references(Table::COLUMN)` with optional `on_delete = ..` and `on_update = ..`",
            ));
        }
        Ok(())
    })?;
    let target = target
        .ok_or_else(|| meta.error("`references` needs the referenced column: `references(User::ID)`"))?;
    Ok(ReferenceModel { target, on_delete, on_update })
}

/// The `FkAction` variant name for an action keyword.
fn fk_action(action: &Ident) -> Option<&'static str> {
    Some(match action.to_string().as_str() {
        "cascade" => "Cascade",
        "set_null" => "SetNull",
        "set_default" => "SetDefault",
        "restrict" => "Restrict",
        "no_action" => "NoAction",
        _ => return None,
    })
}

/// `(a, b, c)` after a key.
fn parse_ident_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Ident>> {
    let content;
    parenthesized!(content in meta.input);
    let list = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
    Ok(list.into_iter().collect())
}

/// A path as written, without spaces: `User::ID`.
pub(crate) fn path_text(path: &Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}
