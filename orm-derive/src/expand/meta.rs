//! The `TableMeta` static: every fact about the table, for queries and orm-migrate.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::LitStr;
use syn::spanned::Spanned;

use super::private;
use crate::model::{DefaultModel, FieldModel, TableModel};

/// The `TableMeta { .. }` expression.
pub(crate) fn table_meta(model: &TableModel) -> TokenStream {
    let orm = private();
    let name = &model.name;
    let struct_name = model.ident.to_string();
    let columns = model.fields.iter().map(column_meta);
    let primary_key = primary_key_columns(model);
    let indexes = index_metas(model);
    let renamed_from = option_str(model.renamed_from.as_deref());
    let soft_delete_column =
        model.soft_delete.as_ref().and_then(|ident| model.field(ident)).map(|field| field.column.clone());
    let soft_delete = option_str(soft_delete_column.as_deref());
    quote! {
        #orm::TableMeta {
            name: #name,
            struct_name: #struct_name,
            columns: &[#(#columns),*],
            primary_key: &[#(#primary_key),*],
            indexes: &[#(#indexes),*],
            renamed_from: #renamed_from,
            soft_delete: #soft_delete,
        }
    }
}

fn column_meta(field: &FieldModel) -> TokenStream {
    let orm = private();
    let name = &field.column;
    let field_name = field.ident.to_string().trim_start_matches("r#").to_owned();
    let ty = &field.ty;
    let sql_type = match (&field.varchar, &field.numeric) {
        (Some((_, len)), _) => quote!(#orm::SqlType::Varchar(#len)),
        (_, Some((_, precision, scale))) => {
            quote!(#orm::SqlType::Numeric(::core::option::Option::Some((#precision, #scale))))
        }
        _ => quote_spanned!(ty.span()=> <#ty as #orm::ColumnType>::SQL_TYPE),
    };
    let nullable = quote_spanned!(ty.span()=> <#ty as #orm::ColumnType>::NULLABLE);
    let default = match &field.default {
        Some((_, DefaultModel::Literal(lit))) => {
            quote!(::core::option::Option::Some(#orm::DefaultValue::Literal(#lit)))
        }
        Some((_, DefaultModel::Sql(lit))) => {
            quote!(::core::option::Option::Some(#orm::DefaultValue::Sql(#lit)))
        }
        None => quote!(::core::option::Option::None),
    };
    let primary_key = field.primary_key.is_some();
    let unique = field.unique.is_some();
    let identity = field.identity.is_some();
    let references = match &field.references {
        Some(reference) => {
            let table = reference.table_path();
            let target = &reference.target;
            let on_delete = fk_action(reference.on_delete.as_ref().map(|(_, sql)| *sql));
            let on_update = fk_action(reference.on_update.as_ref().map(|(_, sql)| *sql));
            quote!(::core::option::Option::Some(#orm::ForeignKey {
                table: <#table as #orm::Table>::NAME,
                column: #target.name(),
                on_delete: #on_delete,
                on_update: #on_update,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let check = option_str(field.check.as_ref().map(syn::LitStr::value).as_deref());
    let renamed_from = option_str(field.renamed_from.as_deref());
    quote! {
        #orm::ColumnMeta {
            name: #name,
            field: #field_name,
            sql_type: #sql_type,
            nullable: #nullable,
            default: #default,
            primary_key: #primary_key,
            unique: #unique,
            identity: #identity,
            references: #references,
            check: #check,
            renamed_from: #renamed_from,
        }
    }
}

fn fk_action(variant: Option<&str>) -> TokenStream {
    let orm = private();
    let variant = format_ident!("{}", variant.unwrap_or("NoAction"));
    quote!(#orm::FkAction::#variant)
}

fn primary_key_columns(model: &TableModel) -> Vec<String> {
    match &model.composite_key {
        Some((_, idents)) => {
            idents.iter().filter_map(|ident| model.field(ident).map(|f| f.column.clone())).collect()
        }
        None => model.fields.iter().filter(|f| f.primary_key.is_some()).map(|f| f.column.clone()).collect(),
    }
}

fn index_metas(model: &TableModel) -> Vec<TokenStream> {
    let orm = private();
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
        quote!(#orm::IndexMeta {
            name: ::core::option::Option::None,
            columns: &[#column],
            expressions: &[],
            unique: false,
            using: ::core::option::Option::None,
            predicate: ::core::option::Option::None,
        })
    });
    declared.chain(per_column).collect()
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}
