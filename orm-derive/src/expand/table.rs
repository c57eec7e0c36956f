//! `#[derive(Table)]`: the `Table` impl, column constants, row decoding and the schema entry.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use super::{insert, meta, patch, private};
use crate::model::TableModel;

/// Expands `#[derive(Table)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = crate::model::ctxt_new();
    let model = TableModel::from_ast(&cx, input);
    cx.check()?;
    let Some(model) = model else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`#[derive(Table)]` could not read this struct",
        ));
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
    quote! {
        #constants
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
            }

            #[automatically_derived]
            impl #orm::FromRow for #ident {
                const WIDTH: usize = #width;

                fn from_row_at(row: &#orm::Row, start: usize) -> #orm::Result<Self> {
                    ::core::result::Result::Ok(#ident { #decode })
                }
            }

            #[automatically_derived]
            impl #orm::SchemaItem for #ident {
                fn add_to(schema: &mut #orm::Schema) {
                    schema.add_table(<#ident as #orm::Table>::meta());
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

/// `field: decode(row, start + i)?,` for every field.
fn decode_fields(model: &TableModel) -> TokenStream {
    let orm = private();
    let fields = model.fields.iter().enumerate().map(|(i, field)| {
        let ident = &field.ident;
        let ty = &field.ty;
        quote_spanned!(ty.span()=> #ident: #orm::decode_field::<#ty>(row, start + #i)?,)
    });
    quote!(#(#fields)*)
}

/// Compile-time checks with the span of what they check: every foreign key has
/// the type of the column it references. (Field types are checked where they are used.)
fn type_checks(model: &TableModel) -> TokenStream {
    let orm = private();
    let references = model.fields.iter().filter_map(|field| {
        let reference = field.references.as_ref()?;
        let ty = &field.ty;
        let target = &reference.target;
        Some(quote_spanned!(target.span()=> #orm::assert_same_base::<#ty, _, _>(#target);))
    });
    quote! {
        const _: () = {
            #(#references)*
        };
    }
}
