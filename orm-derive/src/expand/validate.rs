//! The `#[column(validate = ..)]` hooks, for the generated `validate()` and `from_json(..)`.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::alias;
use super::table::respan;
use crate::model::TableModel;

/// `field index hook;` for each field with a hook: the field, its column's
/// position, and the hook as `__orm::hook::<Base, _>(path)`, written at the
/// attribute so that a function of the wrong type is reported there.
pub(crate) fn hooks(model: &TableModel) -> TokenStream {
    let orm = alias();
    let mut hooks = TokenStream::new();
    for (index, field) in model.fields.iter().enumerate() {
        let Some(path) = &field.validate else { continue };
        let span = path.span();
        let ident = &field.ident;
        let index = Literal::usize_unsuffixed(index);
        let base = respan(field.base_ty(), span);
        hooks.extend(quote! { #ident #index });
        hooks.extend(quote_spanned!(span=> #orm::hook::<#base, _>(#path);));
    }
    hooks
}
