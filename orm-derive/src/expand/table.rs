//! `#[derive(Table)]`: the `Table` impl, column constants, row decoding and the schema entry.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use super::{insert, meta, patch, private, relation};
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

fn generate(model: &TableModel) -> TokenStream {
    let orm = private();
    let ident = &model.ident;
    let name = &model.name;
    let new_ident = format_ident!("New{}", ident);
    let patch_ident = format_ident!("{}Patch", ident);
    let constants = column_constants(model);
    let meta = meta::table_meta(model);
    let decode = decode_fields(model);
    let width = model.fields.len();
    let checks = type_checks(model);
    let insert_struct = insert::insert_struct(model, &new_ident);
    let patch_struct = patch::patch_struct(model, &patch_ident);
    let relations = relation::relation_accessors(model);
    let fields = field_arms(model);
    let primary_key = primary_key_impl(model);
    quote! {
        #constants
        #relations
        #insert_struct
        #patch_struct

        const _: () = {
            #[automatically_derived]
            impl #orm::Table for #ident {
                const NAME: &'static str = #name;
                type New = #new_ident;
                type Patch = #patch_ident;

                fn meta() -> &'static #orm::TableMeta {
                    static META: #orm::TableMeta = #meta;
                    &META
                }

                fn __field(&self, __orm_index: usize) -> &dyn ::core::any::Any {
                    match __orm_index {
                        #fields
                        _ => &(),
                    }
                }
            }

            #primary_key

            #[automatically_derived]
            impl #orm::FromRow for #ident {
                const WIDTH: usize = #width;

                fn from_row_at(__orm_row: &#orm::Row, __orm_start: usize) -> #orm::Result<Self> {
                    ::core::result::Result::Ok(#ident { #decode })
                }

                fn check_names(__orm_columns: &[#orm::ResultColumn]) -> #orm::Result<()> {
                    #orm::check_table_columns::<#ident>(__orm_columns)
                }
            }

            #[automatically_derived]
            impl #orm::SchemaItem for #ident {
                fn add_to(__orm_schema: &mut #orm::Schema) {
                    __orm_schema.add_table(<#ident as #orm::Table>::meta());
                }
            }

            #checks
        };
    }
}

/// `pub const EMAIL: Column<User, String> = Column::new("email", 1);` for every field.
fn column_constants(model: &TableModel) -> TokenStream {
    let orm = private();
    let ident = &model.ident;
    let vis = &model.vis;
    let constants = model.fields.iter().enumerate().map(|(i, field)| {
        let name = field.const_ident();
        let ty = &field.ty;
        let column = &field.column;
        let doc = format!("The `{column}` column of [`{ident}`].");
        quote! {
            #[doc = #doc]
            #vis const #name: #orm::Column<#ident, #ty> = #orm::Column::new(#column, #i);
        }
    });
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#constants)*
        }
    }
}

/// `field: decode_field(row, start + i)?,` for every field.
fn decode_fields(model: &TableModel) -> TokenStream {
    let orm = private();
    let fields = model.fields.iter().enumerate().map(|(i, field)| {
        let ident = &field.ident;
        let ty = &field.ty;
        quote_spanned!(ty.span()=> #ident: #orm::decode_field::<#ty>(__orm_row, __orm_start + #i)?,)
    });
    quote!(#(#fields)*)
}

/// Compile-time checks with the span of what they check, for the rules that
/// depend on a field's type and not on how it is spelled (a type alias is
/// judged by what it names): every foreign key has the type of the column it
/// references; `varchar`, `numeric` and `identity` fit the field; key columns
/// and `set_null` foreign keys have the right nullability. (Field types are
/// checked where they are used.)
fn type_checks(model: &TableModel) -> TokenStream {
    let orm = private();
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
        const _: () = {
            #(#checks)*
            #soft_delete
        };
    }
}

/// `references`, `varchar`, `numeric` and `identity` against the field's type.
fn attribute_type_checks(field: &FieldModel) -> TokenStream {
    let orm = private();
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
    let orm = private();
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

/// `0 => &self.id, 1 => &self.email, ..` for `Table::__field`.
fn field_arms(model: &TableModel) -> TokenStream {
    let arms = model.fields.iter().enumerate().map(|(i, field)| {
        let ident = &field.ident;
        quote!(#i => &self.#ident,)
    });
    quote!(#(#arms)*)
}

/// `impl PrimaryKey` for a table whose primary key is one column.
fn primary_key_impl(model: &TableModel) -> TokenStream {
    let Some(field) = model.single_primary_key() else { return TokenStream::new() };
    let orm = private();
    let ident = &model.ident;
    let ty = &field.ty;
    let constant = field.const_ident();
    quote! {
        #[automatically_derived]
        impl #orm::PrimaryKey for #ident {
            type Key = #ty;
            const KEY: #orm::Column<#ident, #ty> = #ident::#constant;
        }
    }
}
