//! `#[derive(Table)]`: reads the struct and writes a `__private::table!` invocation (the column
//! constants, insert and patch structs, trait impls and schema entry), with the relation
//! accessors and the compile-time checks it writes itself.

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use super::{alias, insert, meta, patch, private, relation, validate};
use crate::model::{AuditKind, FieldModel, TableModel};

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
    let new_name = new_ident.to_string();
    let patch_name = patch_ident.to_string();
    let width = model.fields.len();
    // `__private::all_ok` takes up to 32 fields.
    let decode = Ident::new(if width <= 32 { "all_ok" } else { "each" }, Span::call_site());
    // One `quote!` over every column: each stream the proc macro builds and
    // splices costs calls into the compiler.
    let n = model.fields.len();
    let (mut docs, mut constants, mut fields, mut types) =
        (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut columns, mut field_names, mut indexes, mut flags, mut modifiers) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut carries, mut insert_fields, mut insert_docs, mut patch_fields, mut patch_docs) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (i, field) in model.fields.iter().enumerate() {
        docs.push(format!("The `{}` column of `{ident}`.", field.column));
        constants.push(field.const_ident());
        fields.push(&field.ident);
        types.push(&field.ty);
        columns.push(&field.column);
        field_names.push(field.ident.to_string().trim_start_matches("r#").to_owned());
        indexes.push(Literal::usize_unsuffixed(i));
        flags.push(Literal::u8_unsuffixed(meta::column_flags(field)));
        modifiers.push(meta::column_modifiers(field));
        let (carry, insert_doc) = insert::carry(field).unzip();
        insert_fields.push(carry.as_ref().map(|_| &field.ident));
        carries.push(carry);
        insert_docs.push(insert_doc);
        let patch_doc = patch::field_doc(field);
        patch_fields.push(patch_doc.as_ref().map(|_| &field.ident));
        patch_docs.push(patch_doc);
    }
    let columns = quote! {
        #(
            #docs #constants #fields: #types = #columns #field_names #indexes #flags [#modifiers]
                [#carries #insert_fields #insert_docs] [#patch_fields #patch_docs];
        )*
    };
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
    let version =
        model.fields.iter().find(|f| matches!(f.audit, Some((_, AuditKind::Version)))).map(|field| {
            let constant = field.const_ident();
            let ty = &field.ty;
            quote!(#constant: #ty)
        });
    let relations = relation::relation_accessors(model);
    let checks = type_checks(model);
    let hooks = validate::hooks(model);
    quote! {
        #private::table! {
            vis: #vis, table: #ident, new: #new_ident #new_name, patch: #patch_ident #patch_name,
            name: #name, struct_name: #struct_name, width: #width, decode: #decode,
            new_doc: #new_doc, patch_doc: #patch_doc,
            columns: [#columns],
            primary_key: [#(#primary_key),*],
            indexes: [#(#indexes),*],
            renamed_from: #renamed_from,
            soft_delete: #soft_delete,
            key: [#key],
            version: [#version],
            inherent: {#(#relations)*},
            checks: {#checks},
            hooks: [#hooks]
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
    // One stream for every check: most fields have none, and each stream the
    // proc macro builds costs calls into the compiler.
    let mut checks = TokenStream::new();
    for field in &model.fields {
        attribute_type_checks(field, &mut checks);
        nullability_checks(model, field, &mut checks);
    }
    // `delete()` stores now() in the soft-delete field: a nullable timestamp or date.
    if let Some((ident, field)) =
        model.soft_delete.as_ref().and_then(|ident| Some((ident, model.field(ident)?)))
    {
        let ty = &field.ty;
        checks.extend(quote_spanned!(ident.span()=> #orm::assert_soft_delete_column::<#ty>();));
    }
    checks
}

/// `references`, `varchar`, `numeric` and `identity` against the field's type.
fn attribute_type_checks(field: &FieldModel, checks: &mut TokenStream) {
    let orm = alias();
    let ty = &field.ty;
    if let Some(reference) = &field.references {
        let target = &reference.target;
        checks.extend(quote_spanned!(target.span()=> #orm::assert_same_base::<#ty, _, _>(#target);));
    }
    let bounds = [
        field.varchar.as_ref().map(|(key, _)| (key, "varchar_field")),
        field.numeric.as_ref().map(|(key, ..)| (key, "numeric_field")),
        field.identity.as_ref().map(|key| (key, "identity_field")),
        field.audit.as_ref().map(|(key, kind)| (key, kind.type_check())),
    ];
    for (key, check) in bounds.into_iter().flatten() {
        let check = Ident::new(check, key.span());
        let ty = respan(ty, key.span());
        checks.extend(quote_spanned!(key.span()=> #orm::#check::<#ty>();));
    }
}

/// Nullability rules the derive cannot see through a type alias: key columns are
/// NOT NULL, `set_null` needs a nullable column. A key spelled `Option<..>` is
/// already a derive error, so it is not checked twice.
fn nullability_checks(model: &TableModel, field: &FieldModel, checks: &mut TokenStream) {
    let orm = alias();
    let ty = &field.ty;
    let name = &field.ident;
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
}

/// `tokens` with every span set to `span`, so that an error about them points there.
pub(super) fn respan(tokens: &impl ToTokens, span: Span) -> TokenStream {
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
