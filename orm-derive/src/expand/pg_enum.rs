//! `#[derive(PgEnum)]`: the enum's labels, `ToSql` / `FromSql`, and its schema entry.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use super::private;
use crate::model::EnumModel;

/// Expands `#[derive(PgEnum)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = crate::model::ctxt_new();
    let model = EnumModel::from_ast(&cx, input);
    cx.check()?;
    let Some(model) = model else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`#[derive(PgEnum)]` could not read this enum",
        ));
    };
    Ok(generate(&model))
}

fn generate(model: &EnumModel) -> TokenStream {
    let orm = private();
    let ident = &model.ident;
    let name = &model.name;
    let labels: Vec<_> = model.variants.iter().map(|v| &v.label).collect();
    let variants: Vec<_> = model.variants.iter().map(|v| &v.ident).collect();
    let unknown = format!("unknown label `{{}}` for the PostgreSQL enum `{name}`");
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #orm::PgEnum for #ident {
                const ENUM: #orm::EnumMeta = #orm::EnumMeta { name: #name, labels: &[#(#labels),*] };

                fn label(&self) -> &'static str {
                    match self { #(#ident::#variants => #labels,)* }
                }

                fn from_label(label: &str) -> ::core::option::Option<Self> {
                    match label {
                        #(#labels => ::core::option::Option::Some(#ident::#variants),)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #[automatically_derived]
            impl #orm::ColumnType for #ident {
                type Base = #ident;
                const SQL_TYPE: #orm::SqlType = #orm::SqlType::Enum(&<#ident as #orm::PgEnum>::ENUM);
            }

            #[automatically_derived]
            impl #orm::ArrayElement for #ident {}

            #[automatically_derived]
            impl #orm::HasBase<#ident> for #ident {}

            #[automatically_derived]
            impl #orm::HasBase<#ident> for ::core::option::Option<#ident> {}

            #[automatically_derived]
            impl #orm::ToSql for #ident {
                fn to_sql(
                    &self,
                    _ty: &#orm::Type,
                    out: &mut #orm::BytesMut,
                ) -> ::core::result::Result<#orm::IsNull, #orm::BoxError> {
                    out.extend_from_slice(<#ident as #orm::PgEnum>::label(self).as_bytes());
                    ::core::result::Result::Ok(#orm::IsNull::No)
                }

                fn accepts(ty: &#orm::Type) -> bool {
                    ty.name() == #name && ::core::matches!(ty.kind(), #orm::Kind::Enum(_))
                }

                #orm::to_sql_checked!();
            }

            #[automatically_derived]
            impl<'a> #orm::FromSql<'a> for #ident {
                fn from_sql(
                    _ty: &#orm::Type,
                    raw: &'a [u8],
                ) -> ::core::result::Result<Self, #orm::BoxError> {
                    let label = ::core::str::from_utf8(raw)?;
                    <#ident as #orm::PgEnum>::from_label(label)
                        .ok_or_else(|| ::std::format!(#unknown, label).into())
                }

                fn accepts(ty: &#orm::Type) -> bool {
                    ty.name() == #name && ::core::matches!(ty.kind(), #orm::Kind::Enum(_))
                }
            }

            #[automatically_derived]
            impl #orm::SchemaItem for #ident {
                fn add_to(schema: &mut #orm::Schema) {
                    schema.add_enum(&<#ident as #orm::PgEnum>::ENUM);
                }
            }
        };
    }
}
