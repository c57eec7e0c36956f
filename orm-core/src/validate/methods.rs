//! `__orm_validation!`: the `validate()` and `from_json(..)` methods `#[derive(Table)]`
//! gives the insert and patch structs, expanded from `__orm_table!`.

use super::ValidationErrors;
use crate::schema::TableMeta;

/// The errors in field order (column checks and hooks run one after the other),
/// `Ok` when there are none.
pub fn in_field_order(mut errors: ValidationErrors, meta: &TableMeta) -> Result<(), ValidationErrors> {
    errors.sort_by_columns(meta);
    errors.into_result()
}

/// The `hooks` of a derived table's `TableMeta`: each hook wrapped in a function of
/// `&dyn Any`, so that tools holding values column by column can run it.
#[doc(hidden)]
#[macro_export]
macro_rules! __orm_meta_hooks {
    ($($hfield:ident $hindex:tt $hook:expr;)*) => {
        &[$(__orm::ValidateHook {
            column: $hindex,
            check: {
                fn __orm_check(
                    __orm_value: &dyn ::core::any::Any,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    __orm::run_any_hook($hook, __orm_value)
                }
                __orm_check
            },
        }),*]
    };
}

/// Writes the validation methods of a table's insert and patch structs, inside
/// the `const _: () = { .. }` block of `__orm_table!` (which imports the runtime
/// as `__orm` and holds the `__ORM_META` static). `columns` lists every column's
/// type, position and how the two structs carry it; `hooks` the fields with a
/// `#[column(validate = ..)]` hook, written by the derive at the attribute.
#[doc(hidden)]
#[macro_export]
macro_rules! __orm_validation {
    (
        vis: $vis:vis, new: $new:ident $new_name:literal, patch: $patch:ident,
        columns: [$($ty:ty = $index:tt [$(value $vfield:ident)? $(default $dfield:ident)?] [$($pfield:ident)?];)*],
        hooks: [$($hfield:ident $hindex:tt $hook:expr;)*]
    ) => {
        #[automatically_derived]
        impl $new {
            /// Checks the row against what the schema knows, without a round trip:
            /// `varchar(n)` lengths, `numeric(p, s)` ranges and the
            /// `#[column(validate = ..)]` hooks. Every failing field is reported.
            #[allow(dead_code)]
            $vis fn validate(&self) -> ::core::result::Result<(), __orm::ValidationErrors> {
                let mut __orm_errors = __orm::ValidationErrors::new();
                __orm::check_columns(&mut __orm_errors, &__ORM_META, &[$(
                    $(&self.$vfield as &dyn ::core::any::Any,)?
                    $(&self.$dfield as &dyn ::core::any::Any,)?
                )*]);
                $(__orm::run_hook(&mut __orm_errors, &__ORM_META.columns[$hindex], $hook, &self.$hfield);)*
                __orm::in_field_order(__orm_errors, &__ORM_META)
            }

            /// Builds the row from a JSON object keyed by field name, reporting every
            /// problem per field instead of the first: a missing or `null` NOT NULL
            /// field, a value of the wrong JSON type, an unknown enum label, an
            /// unknown key; then the checks of [`validate`](Self::validate). A field
            /// with a column default may be left out. Needs every field type to
            /// implement `serde::Deserialize`, checked where this is called.
            #[allow(dead_code)]
            $vis fn from_json<'de>(
                __orm_value: __orm::JsonValue,
            ) -> ::core::result::Result<Self, __orm::ValidationErrors>
            where
                $(__orm::JsonField<$ty>: __orm::Deserialize<'de>,)*
            {
                // What was read of each field, `None` where it failed: a struct, so
                // that no name of the user's (a constant named like a field) is bound.
                struct __OrmRead {
                    $($($vfield: __orm::Option<$ty>,)? $($dfield: __orm::Option<__orm::Option<$ty>>,)?)*
                }
                let mut __orm_json = __orm::JsonFields::new(__orm_value, &__ORM_META, $new_name)?;
                let __orm_read = __OrmRead {$(
                    $($vfield: __orm_json.value::<$ty>(&__ORM_META.columns[$index]),)?
                    $($dfield: __orm_json.defaulted::<$ty>(&__ORM_META.columns[$index]),)?
                )*};
                $(__orm::run_hook(__orm_json.errors(), &__ORM_META.columns[$hindex], $hook, &__orm_read.$hfield);)*
                let __orm_errors = __orm_json.finish();
                let __orm_new = || {
                    __orm::Some(Self {$(
                        $($vfield: __orm_read.$vfield?,)?
                        $($dfield: __orm_read.$dfield?,)?
                    )*})
                };
                match __orm_new() {
                    __orm::Some(__orm_new) if __orm_errors.is_empty() => ::core::result::Result::Ok(__orm_new),
                    _ => ::core::result::Result::Err(__orm_errors),
                }
            }
        }

        #[automatically_derived]
        impl $patch {
            /// Checks the fields that are `Some` against what the schema knows,
            /// without a round trip: `varchar(n)` lengths, `numeric(p, s)` ranges and
            /// the `#[column(validate = ..)]` hooks. Every failing field is reported.
            #[allow(dead_code)]
            $vis fn validate(&self) -> ::core::result::Result<(), __orm::ValidationErrors> {
                let mut __orm_errors = __orm::ValidationErrors::new();
                __orm::check_columns(&mut __orm_errors, &__ORM_META, &[$(
                    $(&self.$pfield as &dyn ::core::any::Any,)?
                )*]);
                $(__orm::run_hook(&mut __orm_errors, &__ORM_META.columns[$hindex], $hook, &self.$hfield);)*
                __orm::in_field_order(__orm_errors, &__ORM_META)
            }
        }
    };
}
