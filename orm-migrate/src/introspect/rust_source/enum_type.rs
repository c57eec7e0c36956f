//! One `#[derive(PgEnum)]` enum.

use std::fmt::Write;

use super::literal::{doc_text, rust_str};
use super::names::{snake_case, variant_names};
use crate::snapshot::EnumSnapshot;

/// Writes the enum declaring `meta` under the Rust name `name`: a variant per
/// label, with `#[pg_enum(rename = "..")]` where the label is not the variant's
/// snake_case.
pub(super) fn push_enum(out: &mut String, meta: &EnumSnapshot, name: &str) {
    let _ = writeln!(out, "/// The `{}` enum type.", doc_text(&meta.name));
    out.push_str("#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]\n");
    let _ = writeln!(out, "#[pg_enum(name = {})]", rust_str(&meta.name));
    let _ = writeln!(out, "pub enum {name} {{");
    for (label, variant) in meta.labels.iter().zip(variant_names(&meta.labels)) {
        if snake_case(&variant) != *label {
            let _ = writeln!(out, "    #[pg_enum(rename = {})]", rust_str(label));
        }
        let _ = writeln!(out, "    {variant},");
    }
    out.push_str("}\n");
}
