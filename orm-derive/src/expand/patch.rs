//! The patch struct `UserPatch` and its `Patch` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use super::private;
use crate::model::TableModel;

/// `pub struct UserPatch { .. }` (every field `Option`, `None` = unchanged) and `impl Patch`.
pub(crate) fn patch_struct(model: &TableModel, patch_ident: &Ident) -> TokenStream {
    let orm = private();
    let ident = &model.ident;
    let vis = &model.vis;
    let doc = format!(
        "A partial update of [`{ident}`]: every field `Some` is written, every `None` is left as it is. \
         Apply it with `{ident}::update().patch(..)`."
    );
    let updatable: Vec<_> = model.fields.iter().filter(|f| f.identity.is_none()).collect();
    let fields = updatable.iter().map(|field| {
        let name = &field.ident;
        let ty = &field.ty;
        let doc = format!("New value of `{}`.", field.column);
        quote!(#[doc = #doc] pub #name: ::core::option::Option<#ty>,)
    });
    let assignments = updatable.iter().map(|field| {
        let name = &field.ident;
        let column = &field.column;
        let ty = &field.ty;
        let assign = quote_spanned!(ty.span()=> #orm::assign::<#ty>(#column, __orm_value));
        quote! {
            if let ::core::option::Option::Some(__orm_value) = self.#name {
                __orm_out.push(#assign);
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default)]
        #vis struct #patch_ident {
            #(#fields)*
        }

        const _: () = {
            #[automatically_derived]
            impl #orm::Patch for #patch_ident {
                type Table = #ident;

                fn into_assignments(self, __orm_out: &mut ::std::vec::Vec<#orm::Assignment>) {
                    #(#assignments)*
                }
            }
        };
    }
}
