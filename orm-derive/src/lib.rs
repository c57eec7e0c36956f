//! Derive macros of [`orm`](https://docs.rs/orm): `#[derive(Table)]` and `#[derive(PgEnum)]`.
//!
//! Use them through the `orm` crate, which re-exports them with the runtime they
//! generate code against:
//!
//! ```
//! use orm::prelude::*;
//!
//! #[derive(PgEnum, Debug, Clone, Copy, PartialEq)]
//! #[pg_enum(name = "user_role")]
//! pub enum Role { Admin, Member }
//!
//! #[derive(Table, Debug, Clone)]
//! #[table(name = "users")]
//! pub struct User {
//!     #[column(primary_key, default = sql("gen_random_uuid()"))]
//!     pub id: Uuid,
//!     #[column(unique)]
//!     pub email: String,
//!     #[column(default = "member")]
//!     pub role: Role,
//! }
//!
//! // One typed constant per column, an insert struct and a patch struct:
//! let by_email = User::select().filter(User::EMAIL.eq("ada@example.com"));
//! let new = NewUser { id: None, email: "ada@example.com".into(), role: Some(Role::Admin) };
//! let patch = UserPatch { role: Some(Role::Member), ..Default::default() };
//! assert_eq!(<User as Table>::NAME, "users");
//! assert_eq!(Role::Admin.label(), "admin");
//! ```
//!
//! Each macro works in four stages, one module each: `model::parse` reads the
//! attributes, `model` holds the typed model, `model::check` validates it and
//! reports every error at its span in one build, `expand` generates the code.

mod expand;
mod model;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Maps a struct to a PostgreSQL table: column constants, row decoding, the
/// `New..` insert struct and the `..Patch` update struct. See the `orm` crate docs.
#[proc_macro_derive(
    Table,
    attributes(table, column, index, unique_index, has_many, has_one, belongs_to, many_to_many)
)]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::table::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Maps a fieldless Rust enum to a PostgreSQL enum type. See the `orm` crate docs.
#[proc_macro_derive(PgEnum, attributes(pg_enum))]
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::pg_enum::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}
