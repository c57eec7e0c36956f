//! The model of a `#[derive(PgEnum)]` enum, read from its attributes.

use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use super::attr::{path_text, set_once};
use super::case::snake_case;
use super::check::check_enum;
use super::ctxt::Ctxt;
use super::symbol::{NAME, PG_ENUM, RENAME};
use super::table::UnrawString;

/// A PostgreSQL enum type.
pub(crate) struct EnumModel {
    pub(crate) ident: Ident,
    /// The type name: `explicit_name`, or the enum name in snake_case.
    pub(crate) name: String,
    /// `#[pg_enum(name = "..")]`
    pub(crate) explicit_name: Option<LitStr>,
    pub(crate) variants: Vec<VariantModel>,
}

/// One variant and its label.
pub(crate) struct VariantModel {
    pub(crate) ident: Ident,
    /// The label: `rename`, or the variant name in snake_case.
    pub(crate) label: String,
    /// `#[pg_enum(rename = "..")]`
    pub(crate) rename: Option<LitStr>,
}

impl EnumModel {
    /// Reads and validates the derive input; every problem is reported in `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Option<EnumModel> {
        let Data::Enum(data) = &input.data else {
            cx.error_spanned_by(&input.ident, "`#[derive(PgEnum)]` needs an enum of unit variants");
            return None;
        };
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(&input.generics, "`#[derive(PgEnum)]` does not support generic enums");
        }
        let mut model = EnumModel {
            ident: input.ident.clone(),
            name: snake_case(&input.ident.unraw_string()),
            explicit_name: None,
            variants: Vec::new(),
        };
        for attr in input.attrs.iter().filter(|a| a.path() == PG_ENUM) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == NAME {
                    // #[pg_enum(name = "user_role")]
                    let value: LitStr = meta.value()?.parse()?;
                    set_once(cx, &meta, PG_ENUM, &mut model.explicit_name, value);
                    Ok(())
                } else {
                    Err(meta.error(format_args!(
                        "unknown `pg_enum` attribute `{}`; expected `name = \"..\"`",
                        path_text(&meta.path)
                    )))
                }
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        if let Some(name) = &model.explicit_name {
            model.name = name.value();
        }
        for variant in &data.variants {
            if !matches!(variant.fields, Fields::Unit) {
                cx.error_spanned_by(&variant.ident, "`#[derive(PgEnum)]` variants cannot carry fields");
            }
            let mut rename = None;
            for attr in variant.attrs.iter().filter(|a| a.path() == PG_ENUM) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        // #[pg_enum(rename = "in-review")]
                        let value: LitStr = meta.value()?.parse()?;
                        set_once(cx, &meta, PG_ENUM, &mut rename, value);
                        Ok(())
                    } else {
                        Err(meta.error(format_args!(
                            "unknown `pg_enum` variant attribute `{}`; expected `rename = \"..\"`",
                            path_text(&meta.path)
                        )))
                    }
                });
                if let Err(err) = result {
                    cx.syn_error(err);
                }
            }
            let label = match &rename {
                Some(lit) => lit.value(),
                None => snake_case(&variant.ident.unraw_string()),
            };
            model.variants.push(VariantModel { ident: variant.ident.clone(), label, rename });
        }
        check_enum(cx, &model);
        Some(model)
    }
}
