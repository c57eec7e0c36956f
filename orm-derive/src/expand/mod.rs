//! Code generation from validated models.

mod insert;
mod meta;
mod patch;
pub(crate) mod pg_enum;
mod relation;
pub(crate) mod table;
mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The hidden runtime path every generated item goes through.
fn private() -> TokenStream {
    quote!(::orm::__private)
}

/// `__orm`: the short name of [`private`] inside a table's `const _: () = { .. }`
/// block, which imports it once (shorter paths are less to parse, resolve and lower).
fn alias() -> Ident {
    Ident::new("__orm", Span::call_site())
}
