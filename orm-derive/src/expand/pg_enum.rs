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
        return Err(syn::Error::new_spanned(&input.ident, "`#[derive(PgEnum)]` could not read this enum"));
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

                fn from_label(__orm_label: &str) -> ::core::option::Option<Self> {
                    match __orm_label {
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
            impl #orm::Ordered for #ident {}

            #[automatically_derived]
            impl #orm::HasBase<#ident> for #ident {}

            #[automatically_derived]
            impl #orm::HasBase<#ident> for ::core::option::Option<#ident> {}

            #[automatically_derived]
            impl #orm::ToSql for #ident {
                fn to_sql(
                    &self,
                    _: &#orm::Type,
                    __orm_out: &mut #orm::BytesMut,
                ) -> ::core::result::Result<#orm::IsNull, #orm::BoxError> {
                    __orm_out.extend_from_slice(<#ident as #orm::PgEnum>::label(self).as_bytes());
                    ::core::result::Result::Ok(#orm::IsNull::No)
                }

                fn accepts(__orm_ty: &#orm::Type) -> bool {
                    __orm_ty.name() == #name && ::core::matches!(__orm_ty.kind(), #orm::Kind::Enum(_))
                }

                fn to_sql_checked(
                    &self,
                    __orm_ty: &#orm::Type,
                    __orm_out: &mut #orm::BytesMut,
                ) -> ::core::result::Result<#orm::IsNull, #orm::BoxError> {
                    #orm::checked_to_sql(self, __orm_ty, __orm_out)
                }
            }

            #[automatically_derived]
            impl<'a> #orm::FromSql<'a> for #ident {
                fn from_sql(
                    _: &#orm::Type,
                    __orm_raw: &'a [u8],
                ) -> ::core::result::Result<Self, #orm::BoxError> {
                    let __orm_label = ::core::str::from_utf8(__orm_raw)?;
                    <#ident as #orm::PgEnum>::from_label(__orm_label)
                        .ok_or_else(|| ::std::format!(#unknown, __orm_label).into())
                }

                fn accepts(__orm_ty: &#orm::Type) -> bool {
                    __orm_ty.name() == #name && ::core::matches!(__orm_ty.kind(), #orm::Kind::Enum(_))
                }
            }

            #[automatically_derived]
            impl #orm::SchemaItem for #ident {
                fn add_to(__orm_schema: &mut #orm::Schema) {
                    __orm_schema.add_enum(&<#ident as #orm::PgEnum>::ENUM);
                }
            }
        };
    }
}
