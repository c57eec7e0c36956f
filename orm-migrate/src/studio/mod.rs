//! `orm studio`: a local web page to browse (and, with `--write`, edit) the database
//! through the schema's metadata. Started by the CLI's `studio` command; see
//! [`Studio`] to embed it.
//!
//! Safety rules the whole module keeps: identifiers come only from the schema metadata
//! (a table or column named in a request is looked up there, never written into SQL
//! as given), every value travels as a bind parameter, edits run in a transaction, and
//! every request needs the access token (compared in constant time).

mod auth;
mod catalog;
mod edit;
mod filters;
mod html;
mod pages;
mod rows;
mod schema_page;
mod server;
mod values;

pub use server::{Studio, StudioOptions};
