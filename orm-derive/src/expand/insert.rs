//! The insert struct `NewUser` and its `Insertable` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use super::private;
use crate::model::{FieldModel, TableModel};

/// How an insert struct carries one field.
enum Carry {
    /// Required: the field's own type, always bound.
    Value,
    /// Nullable without default: `Option<T>`, NULL when `None`.
    Nullable,
    /// Has a server default: wrapped in `Option`, `DEFAULT` when `None`.
    Defaulted,
}

fn carry(field: &FieldModel) -> Carry {
    if field.default.is_some() {
        Carry::Defaulted
    } else if field.nullable() {
        Carry::Nullable
    } else {
        Carry::Value
    }
}

/// The fields an insert writes: every field but identities.
fn insert_fields(model: &TableModel) -> impl Iterator<Item = &FieldModel> {
    model.fields.iter().filter(|f| f.identity.is_none())
}

/// `pub struct NewUser { .. }` and `impl Insertable for NewUser`.
pub(crate) fn insert_struct(model: &TableModel, new_ident: &Ident) -> TokenStream {
    let orm = private();
    let ident = &model.ident;
    let vis = &model.vis;
    let doc = format!(
        "A row to insert into [`{ident}`]'s table: required fields as they are, \
         fields with a default as `Option` (`None` lets the database fill them)."
    );
    let fields = insert_fields(model).map(|field| {
        let name = &field.ident;
        let ty = &field.ty;
        let (ty, doc) = match carry(field) {
            Carry::Value => (quote!(#ty), format!("`{}`.", field.column)),
            Carry::Nullable => (quote!(#ty), format!("`{}` (`None` is NULL).", field.column)),
            Carry::Defaulted => (
                quote!(::core::option::Option<#ty>),
                format!("`{}` (`None` uses the column default).", field.column),
            ),
        };
        quote!(#[doc = #doc] pub #name: #ty,)
    });
    let values = insert_fields(model).enumerate().map(|(i, field)| {
        let name = &field.ident;
        let ty = &field.ty;
        let separator = if i == 0 { quote!() } else { quote!(__orm_w.push_sql(", ");) };
        let push = match carry(field) {
            Carry::Value | Carry::Nullable => {
                quote_spanned!(ty.span()=> #orm::push_value::<#ty>(__orm_w, &self.#name);)
            }
            Carry::Defaulted => {
                quote_spanned!(ty.span()=> #orm::push_value_or_default::<#ty>(__orm_w, &self.#name);)
            }
        };
        quote!(#separator #push)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #vis struct #new_ident {
            #(#fields)*
        }

        const _: () = {
            #[automatically_derived]
            impl #orm::Insertable for #new_ident {
                type Table = #ident;

                fn render_values<'a>(&'a self, __orm_w: &mut #orm::SqlWriter<'a>) {
                    __orm_w.push_sql("(");
                    #(#values)*
                    __orm_w.push_sql(")");
                }
            }
        };
    }
}
