//! Reading facts off field types: `Option<T>`, the last path segment.

use syn::{GenericArgument, PathArguments, Type};

/// `T` when `ty` is `Option<T>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The name of the last path segment: `String` for `std::string::String`.
pub(crate) fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
}

/// What a literal default must parse as, judged from the field's Rust type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LiteralKind {
    Integer,
    Float,
    Bool,
    Other,
}

/// The literal kind of `ty` (after `Option` is removed).
pub(crate) fn literal_kind(ty: &Type) -> LiteralKind {
    match last_segment(ty).as_deref() {
        Some("i16" | "i32" | "i64") => LiteralKind::Integer,
        Some("f32" | "f64" | "Decimal") => LiteralKind::Float,
        Some("bool") => LiteralKind::Bool,
        _ => LiteralKind::Other,
    }
}
