//! The model of a `#[derive(PgEnum)]` enum.

use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use super::case::snake_case;
use super::ctxt::Ctxt;
use super::symbol::{NAME, PG_ENUM, RENAME};
use super::table::UnrawString;

/// A PostgreSQL enum type.
pub(crate) struct EnumModel {
    pub(crate) ident: Ident,
    pub(crate) name: String,
    pub(crate) variants: Vec<VariantModel>,
}

/// One variant and its label.
pub(crate) struct VariantModel {
    pub(crate) ident: Ident,
    pub(crate) label: String,
}

impl EnumModel {
    /// Reads and validates the derive input; every problem is reported in `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Option<EnumModel> {
        let Data::Enum(data) = &input.data else {
            cx.error_spanned_by(
                &input.ident,
                "`#[derive(PgEnum)]` needs an enum of unit variants",
            );
            return None;
        };
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "`#[derive(PgEnum)]` does not support generic enums",
            );
        }
        let mut name = snake_case(&input.ident.unraw_string());
        for attr in input.attrs.iter().filter(|a| a.path() == PG_ENUM) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == NAME {
                    // #[pg_enum(name = "user_role")]
                    name = meta.value()?.parse::<LitStr>()?.value();
                    Ok(())
                } else {
                    Err(meta.error("unknown `pg_enum` attribute; expected `name = \"..\"`"))
                }
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        let mut variants = Vec::new();
        for variant in &data.variants {
            if !matches!(variant.fields, Fields::Unit) {
                cx.error_spanned_by(
                    &variant.ident,
                    "`#[derive(PgEnum)]` variants cannot carry fields",
                );
            }
            let mut label = snake_case(&variant.ident.unraw_string());
            for attr in variant.attrs.iter().filter(|a| a.path() == PG_ENUM) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        // #[pg_enum(rename = "in-review")]
                        label = meta.value()?.parse::<LitStr>()?.value();
                        Ok(())
                    } else {
                        Err(meta.error(
                            "unknown `pg_enum` variant attribute; expected `rename = \"..\"`",
                        ))
                    }
                });
                if let Err(err) = result {
                    cx.syn_error(err);
                }
            }
            if variants.iter().any(|v: &VariantModel| v.label == label) {
                cx.error_spanned_by(
                    &variant.ident,
                    format!("two variants have the label `{label}`"),
                );
            }
            if label.is_empty() || label.len() > 63 {
                cx.error_spanned_by(&variant.ident, "an enum label must be 1 to 63 bytes long");
            }
            variants.push(VariantModel {
                ident: variant.ident.clone(),
                label,
            });
        }
        if variants.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                "`#[derive(PgEnum)]` needs at least one variant",
            );
        }
        Some(EnumModel {
            ident: input.ident.clone(),
            name,
            variants,
        })
    }
}
