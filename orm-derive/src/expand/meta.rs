//! The parts of the `TableMeta` static: every fact about the table, for queries and orm-migrate.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::LitStr;

use super::alias;
use crate::model::{DefaultModel, FieldModel, TableModel};

/// The `.with_..(..)` calls that complete a column's `column_meta::<T>(..)`
/// with its other attributes (inside the block that imports `__orm`); `None`
/// when there are none.
pub(crate) fn column_modifiers(field: &FieldModel) -> Option<TokenStream> {
    let orm = alias();
    let mut modifiers = TokenStream::new();
    match (&field.varchar, &field.numeric) {
        (Some((_, len)), _) => modifiers.extend(quote!(.with_sql_type(#orm::SqlType::Varchar(#len)))),
        (_, Some((_, precision, scale))) => {
            modifiers.extend(quote!(.with_sql_type(#orm::SqlType::Numeric(#orm::Some((#precision, #scale))))))
        }
        _ => {}
    }
    match &field.default {
        Some((_, DefaultModel::Literal(lit))) => {
            modifiers.extend(quote!(.with_default(#orm::DefaultValue::Literal(#lit))));
        }
        Some((_, DefaultModel::Sql(lit))) => {
            modifiers.extend(quote!(.with_default(#orm::DefaultValue::Sql(#lit))));
        }
        None => {}
    }
    if let Some((_, kind)) = &field.audit {
        let variant = format_ident!("{}", kind.variant());
        modifiers.extend(quote!(.with_audit(#orm::AuditRole::#variant)));
    }
    if let Some(reference) = &field.references {
        let target = &reference.target;
        let on_delete = fk_action(reference.on_delete.as_ref().map(|(_, sql)| *sql));
        let on_update = fk_action(reference.on_update.as_ref().map(|(_, sql)| *sql));
        modifiers.extend(quote!(.with_references(#target, #on_delete, #on_update)));
    }
    if let Some(check) = &field.check {
        modifiers.extend(quote!(.with_check(#check)));
    }
    if let Some(renamed_from) = &field.renamed_from {
        modifiers.extend(quote!(.with_renamed_from(#renamed_from)));
    }
    (!modifiers.is_empty()).then_some(modifiers)
}

/// `column_meta`'s flags: primary key, unique, identity.
pub(crate) fn column_flags(field: &FieldModel) -> u8 {
    u8::from(field.primary_key.is_some())
        | (u8::from(field.unique.is_some()) << 1)
        | (u8::from(field.identity.is_some()) << 2)
}

fn fk_action(variant: Option<&str>) -> TokenStream {
    let orm = alias();
    let variant = format_ident!("{}", variant.unwrap_or("NoAction"));
    quote!(#orm::FkAction::#variant)
}

pub(crate) fn primary_key_columns(model: &TableModel) -> Vec<String> {
    match &model.composite_key {
        Some((_, idents)) => {
            idents.iter().filter_map(|ident| model.field(ident).map(|f| f.column.clone())).collect()
        }
        None => model.fields.iter().filter(|f| f.primary_key.is_some()).map(|f| f.column.clone()).collect(),
    }
}

pub(crate) fn index_metas(model: &TableModel) -> Vec<TokenStream> {
    let orm = alias();
    let declared = model.indexes.iter().map(|index| {
        let columns = index.columns.iter().filter_map(|ident| model.field(ident).map(|f| f.column.clone()));
        let name = option_str(index.name.as_deref());
        let unique = index.unique;
        let using = option_str(index.using.as_ref().map(ToString::to_string).as_deref());
        let expressions = index.expressions.iter().flatten().map(LitStr::value);
        let predicate = option_str(index.predicate.as_ref().map(LitStr::value).as_deref());
        quote!(#orm::IndexMeta {
            name: #name,
            columns: &[#(#columns),*],
            expressions: &[#(#expressions),*],
            unique: #unique,
            using: #using,
            predicate: #predicate,
        })
    });
    let per_column = model.fields.iter().filter(|f| f.index.is_some()).map(|field| {
        let column = &field.column;
        quote!(#orm::column_index(&[#column]))
    });
    declared.chain(per_column).collect()
}

pub(crate) fn option_str(value: Option<&str>) -> TokenStream {
    let orm = alias();
    match value {
        Some(text) => quote!(#orm::Some(#text)),
        None => quote!(#orm::None),
    }
}
