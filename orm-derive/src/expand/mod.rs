//! Code generation from validated models.

mod insert;
mod meta;
mod patch;
pub(crate) mod pg_enum;
mod relation;
pub(crate) mod table;

use proc_macro2::TokenStream;
use quote::quote;

/// The hidden runtime path every generated item goes through.
fn private() -> TokenStream {
    quote!(::orm::__private)
}
