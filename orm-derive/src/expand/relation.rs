//! Relation accessors: `User::posts()`, `Post::author()`, `Post::tags()`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::alias;
use crate::model::{RelationKind, RelationModel, TableModel};

/// `pub fn posts() -> HasMany<User, Post> { .. } ..`, for the struct's inherent impl
/// (inside the block that imports `__orm`).
pub(crate) fn relation_accessors(model: &TableModel) -> impl Iterator<Item = TokenStream> + '_ {
    model.relations.iter().map(|relation| accessor(model, relation))
}

fn accessor(model: &TableModel, relation: &RelationModel) -> TokenStream {
    let orm = alias();
    let ident = &model.ident;
    let vis = &model.vis;
    let name = &relation.name;
    let name_text = name.to_string();
    let target = &relation.target;
    let span = relation.attr.span();
    // The parent's own key: the explicit `key = ..`, else the single primary key.
    let own_key = || match (&relation.key, model.single_primary_key()) {
        (Some(key), _) => quote!(#key),
        (None, Some(field)) => {
            let constant = field.const_ident();
            quote!(#ident::#constant)
        }
        // check_table reported the missing key.
        (None, None) => quote!(::core::unreachable!()),
    };
    // The related table's key: the explicit path, else its primary key.
    let target_key = |explicit: &Option<syn::Path>| match explicit {
        Some(key) => quote!(#key),
        None => quote_spanned!(span=> <#target as #orm::PrimaryKey>::KEY),
    };
    let doc = format!(
        "The `{name_text}` relation (`#[{}]`): pass it to `.with(..)` or `.load(..)`.",
        relation.kind.attr_name()
    );
    let (ty, body) = match relation.kind {
        RelationKind::HasMany => {
            let (key, fk) = (own_key(), &relation.fk);
            (
                quote!(#orm::HasMany<#ident, #target>),
                quote_spanned!(span=> #orm::has_many(#name_text, #key, #fk)),
            )
        }
        RelationKind::HasOne => {
            let (key, fk) = (own_key(), &relation.fk);
            (
                quote!(#orm::HasOne<#ident, #target>),
                quote_spanned!(span=> #orm::has_one(#name_text, #key, #fk)),
            )
        }
        RelationKind::BelongsTo => {
            let fk = &relation.fk;
            let fk_ty = relation
                .fk
                .as_ref()
                .and_then(|path| path.segments.last())
                .and_then(|segment| model.field_by_const(&segment.ident))
                .map(|field| field.ty.clone());
            let key = target_key(&relation.key);
            let presence = quote_spanned!(span=> <#fk_ty as #orm::KeyType>::Presence);
            (
                quote!(#orm::BelongsTo<#ident, #target, #presence>),
                quote_spanned!(span=> #orm::belongs_to(#name_text, #fk, #key)),
            )
        }
        RelationKind::ManyToMany => {
            let (key, from, to, through) = (own_key(), &relation.from, &relation.to, &relation.through);
            let target_key = target_key(&relation.target_key);
            // `through` is the junction type: `from` and `to` must be its columns.
            (
                quote!(#orm::ManyToMany<#ident, #target>),
                quote_spanned!(span=> #orm::many_to_many::<#ident, #target, #through, _, _, _, _>(
                    #name_text, #key, #from, #to, #target_key
                )),
            )
        }
    };
    quote! {
        #[doc = #doc]
        #vis fn #name() -> #ty {
            #body
        }
    }
}
