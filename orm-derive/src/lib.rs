//! Derive macros of [`orm`](https://docs.rs/orm): `#[derive(Table)]` and `#[derive(PgEnum)]`;
//! and `embed_migrations!`, re-exported by `orm-migrate`.
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

mod embed;
mod expand;
mod model;

use proc_macro::TokenStream;
use syn::{DeriveInput, LitStr, parse_macro_input};

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

/// Compiles the migrations of a directory into the binary: expands to an
/// `orm_migrate::Migrator` holding each `<version>_<name>/up.sql` under the
/// directory, given relative to the calling crate's `Cargo.toml`.
///
/// ```ignore
/// let applied = orm_migrate::embed_migrations!("migrations").run(&db).await?;
/// ```
///
/// Each `up.sql` is included with `include_str!`, so editing one rebuilds the
/// crate. A new migration directory does not by itself; add a `build.rs` with
///
/// ```ignore
/// fn main() {
///     println!("cargo:rerun-if-changed=migrations");
/// }
/// ```
///
/// A missing directory, an entry that is not `<version>_<name>` with an `up.sql`,
/// and two migrations with one version are compile errors. Hidden entries and
/// plain files (a README) are skipped.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    let dir = parse_macro_input!(input as LitStr);
    embed::expand(&dir).unwrap_or_else(syn::Error::into_compile_error).into()
}
