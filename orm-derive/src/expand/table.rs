//! `#[derive(Table)]`: reads the struct and writes a `__private::table!` invocation (the column
//! constants, insert and patch structs, trait impls and schema entry), with the relation
//! accessors and the compile-time checks it writes itself.

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use super::{alias, insert, meta, patch, private, relation};
use crate::model::{FieldModel, TableModel};

/// Expands `#[derive(Table)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = crate::model::ctxt_new();
    let model = TableModel::from_ast(&cx, input);
    cx.check()?;
    let Some(model) = model else {
        return Err(syn::Error::new_spanned(&input.ident, "`#[derive(Table)]` could not read this struct"));
    };
    Ok(generate(&model))
}

/// `::orm::__private::table! { .. }`: the facts the macro writes the items from,
/// with the relation accessors and the compile-time checks, which the derive
/// writes itself because their spans matter.
fn generate(model: &TableModel) -> TokenStream {
    let private = private();
    let ident = &model.ident;
    let vis = &model.vis;
    let name = &model.name;
    let struct_name = ident.to_string();
    let new_ident = format_ident!("New{}", ident);
    let patch_ident = format_ident!("{}Patch", ident);
    let width = model.fields.len();
    // `__private::all_ok` takes up to 32 fields.
    let decode = Ident::new(if width <= 32 { "all_ok" } else { "each" }, Span::call_site());
    let columns = model.fields.iter().enumerate().map(|(i, field)| {
        let doc = format!("The `{}` column of [`{ident}`].", field.column);
        let constant = field.const_ident();
        let field_ident = &field.ident;
        let ty = &field.ty;
        let column = &field.column;
        let field_name = field.ident.to_string().trim_start_matches("r#").to_owned();
        let index = Literal::usize_unsuffixed(i);
        let flags = Literal::u8_unsuffixed(meta::column_flags(field));
        let modifiers = meta::column_modifiers(field);
        let (carry, insert_doc) = insert::carry(field).unzip();
        let insert_field = carry.as_ref().map(|_| field_ident);
        let patch_doc = patch::field_doc(field);
        let patch_field = patch_doc.as_ref().map(|_| field_ident);
        quote! {
            #doc #constant #field_ident: #ty = #column #field_name #index #flags [#modifiers]
                [#carry #insert_field #insert_doc] [#patch_field #patch_doc];
        }
    });
    let new_doc = insert::doc(model);
    let patch_doc = patch::doc(model);
    let primary_key = meta::primary_key_columns(model);
    let indexes = meta::index_metas(model);
    let renamed_from = meta::option_str(model.renamed_from.as_deref());
    let soft_delete_column =
        model.soft_delete.as_ref().and_then(|ident| model.field(ident)).map(|field| field.column.clone());
    let soft_delete = meta::option_str(soft_delete_column.as_deref());
    let key = model.single_primary_key().map(|field| {
        let constant = field.const_ident();
        let ty = &field.ty;
        quote!(#constant: #ty)
    });
    let relations = relation::relation_accessors(model);
    let checks = type_checks(model);
    quote! {
        #private::table! {
            vis: [#vis], table: #ident, new: #new_ident, patch: #patch_ident,
            name: #name, struct_name: #struct_name, width: #width, decode: #decode,
            new_doc: #new_doc, patch_doc: #patch_doc,
            columns: [#(#columns)*],
            primary_key: [#(#primary_key),*],
            indexes: [#(#indexes),*],
            renamed_from: #renamed_from,
            soft_delete: #soft_delete,
            key: [#key],
            inherent: {#(#relations)*},
            checks: {#checks}
        }
    }
}

/// Compile-time checks with the span of what they check, for the rules that
/// depend on a field's type and not on how it is spelled (a type alias is
/// judged by what it names): every foreign key has the type of the column it
/// references; `varchar`, `numeric` and `identity` fit the field; key columns
/// and `set_null` foreign keys have the right nullability. (Field types are
/// checked where they are used.)
fn type_checks(model: &TableModel) -> TokenStream {
    let orm = alias();
    let checks = model.fields.iter().map(|field| {
        let mut checks = attribute_type_checks(field);
        checks.extend(nullability_checks(model, field));
        checks
    });
    // `delete()` stores now() in the soft-delete field: a nullable timestamp or date.
    let soft_delete = model.soft_delete.as_ref().and_then(|ident| {
        let ty = &model.field(ident)?.ty;
        Some(quote_spanned!(ident.span()=> #orm::assert_soft_delete_column::<#ty>();))
    });
    quote! {
        #(#checks)*
        #soft_delete
    }
}

/// `references`, `varchar`, `numeric` and `identity` against the field's type.
fn attribute_type_checks(field: &FieldModel) -> TokenStream {
    let orm = alias();
    let ty = &field.ty;
    let mut checks = TokenStream::new();
    if let Some(reference) = &field.references {
        let target = &reference.target;
        checks.extend(quote_spanned!(target.span()=> #orm::assert_same_base::<#ty, _, _>(#target);));
    }
    let bounds = [
        field.varchar.as_ref().map(|(key, _)| (key, "varchar_field")),
        field.numeric.as_ref().map(|(key, ..)| (key, "numeric_field")),
        field.identity.as_ref().map(|key| (key, "identity_field")),
    ];
    for (key, check) in bounds.into_iter().flatten() {
        let check = Ident::new(check, key.span());
        let ty = respan(ty, key.span());
        checks.extend(quote_spanned!(key.span()=> #orm::#check::<#ty>();));
    }
    checks
}

/// Nullability rules the derive cannot see through a type alias: key columns are
/// NOT NULL, `set_null` needs a nullable column. A key spelled `Option<..>` is
/// already a derive error, so it is not checked twice.
fn nullability_checks(model: &TableModel, field: &FieldModel) -> TokenStream {
    let orm = alias();
    let ty = &field.ty;
    let name = &field.ident;
    let mut checks = TokenStream::new();
    let composite_key =
        model.composite_key.iter().flat_map(|(_, columns)| columns).find(|column| *column == name);
    let key_span = match (&field.primary_key, composite_key) {
        (Some(key), _) => Some(key.span()),
        (None, Some(column)) => Some(column.span()),
        (None, None) => None,
    };
    if let Some(span) = key_span.filter(|_| !field.nullable()) {
        let message = format!(
            "`{name}` is part of the primary key, but its type is an `Option`: primary key columns are NOT NULL"
        );
        checks.extend(quote_spanned!(span=>
            ::core::assert!(!<#ty as #orm::ColumnType>::NULLABLE, #message);
        ));
    }
    let set_null = field.references.iter().flat_map(|reference| {
        [&reference.on_delete, &reference.on_update]
            .into_iter()
            .flatten()
            .filter(|(action, _)| action == "set_null")
    });
    for (action, _) in set_null {
        let message = format!("`set_null` needs an `Option` field, but `{name}` cannot hold NULL");
        checks.extend(quote_spanned!(action.span()=>
            ::core::assert!(<#ty as #orm::ColumnType>::NULLABLE, #message);
        ));
    }
    checks
}

/// `tokens` with every span set to `span`, so that an error about them points there.
fn respan(tokens: &impl ToTokens, span: Span) -> TokenStream {
    tokens
        .to_token_stream()
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), respan(&group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
