//! The Rust field type of a snapshot column type, and the `varchar`/`numeric`
//! attribute it needs.

use std::collections::HashMap;

/// How a column type is declared in Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RustType {
    /// The field type, without `Option`.
    pub(super) ty: String,
    /// `varchar(n)` or `numeric(p, s)`, for `#[column(..)]`.
    pub(super) modifier: Option<String>,
    /// Why the declaration does not give the column's exact type, when it does not.
    pub(super) lost: Option<String>,
}

impl RustType {
    fn exact(ty: impl Into<String>) -> Self {
        RustType { ty: ty.into(), modifier: None, lost: None }
    }

    fn approximate(ty: &str, modifier: Option<String>, lost: String) -> Self {
        RustType { ty: ty.to_owned(), modifier, lost: Some(lost) }
    }
}

/// The Rust type of a column of type `sql_type` (as snapshots spell it); `enums`
/// maps the enum types of the snapshot to their Rust names. A type the derive
/// cannot declare becomes the closest one it can (`String` for unknown types),
/// with the reason in `lost`.
pub(super) fn rust_type(sql_type: &str, enums: &HashMap<&str, String>) -> RustType {
    if let Some(element) = sql_type.strip_suffix("[]") {
        return match scalar(element, enums) {
            Some(ty) if ty != "Vec<u8>" => RustType::exact(format!("Vec<{ty}>")),
            _ => {
                let lost = format!("`{sql_type}` has no Rust column type; declared as `text[]`");
                RustType::approximate("Vec<String>", None, lost)
            }
        };
    }
    if let Some(ty) = scalar(sql_type, enums) {
        return RustType::exact(ty);
    }
    if let Some(length) = modifier(sql_type, "varchar").and_then(|n| n.parse::<u32>().ok()) {
        if length > 0 {
            return RustType {
                ty: "String".to_owned(),
                modifier: Some(format!("varchar({length})")),
                lost: None,
            };
        }
    }
    if let Some((precision, scale)) = modifier(sql_type, "numeric").and_then(|args| args.split_once(", ")) {
        if let (Ok(precision), Ok(scale)) = (precision.parse::<u32>(), scale.parse::<u32>()) {
            if (1..=1000).contains(&precision) && scale <= precision {
                let modifier = Some(format!("numeric({precision}, {scale})"));
                return RustType { ty: "Decimal".to_owned(), modifier, lost: None };
            }
        }
        let lost = format!(
            "`{sql_type}` cannot be declared (`numeric(p, s)` needs 0 <= s <= p); declared as `numeric`"
        );
        return RustType::approximate("Decimal", None, lost);
    }
    RustType::approximate("String", None, format!("`{sql_type}` has no Rust column type; declared as `text`"))
}

/// The Rust type of a type without modifier that can also be an array element.
fn scalar(sql_type: &str, enums: &HashMap<&str, String>) -> Option<String> {
    let ty = match sql_type {
        "boolean" => "bool",
        "smallint" => "i16",
        "integer" => "i32",
        "bigint" => "i64",
        "real" => "f32",
        "double precision" => "f64",
        "text" => "String",
        "numeric" => "Decimal",
        "bytea" => "Vec<u8>",
        "uuid" => "Uuid",
        "timestamptz" => "DateTime<Utc>",
        "timestamp" => "NaiveDateTime",
        "date" => "NaiveDate",
        "time" => "NaiveTime",
        "jsonb" => "serde_json::Value",
        other => return enums.get(other).cloned(),
    };
    Some(ty.to_owned())
}

/// `args` of `name(args)`.
fn modifier<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(sql_type: &str) -> RustType {
        let enums = HashMap::from([("user_role", "UserRole".to_owned())]);
        rust_type(sql_type, &enums)
    }

    #[test]
    fn every_sql_type_has_its_rust_type() {
        for (sql_type, expected) in [
            ("boolean", "bool"),
            ("smallint", "i16"),
            ("integer", "i32"),
            ("bigint", "i64"),
            ("real", "f32"),
            ("double precision", "f64"),
            ("text", "String"),
            ("numeric", "Decimal"),
            ("bytea", "Vec<u8>"),
            ("uuid", "Uuid"),
            ("timestamptz", "DateTime<Utc>"),
            ("timestamp", "NaiveDateTime"),
            ("date", "NaiveDate"),
            ("time", "NaiveTime"),
            ("jsonb", "serde_json::Value"),
            ("user_role", "UserRole"),
            ("text[]", "Vec<String>"),
            ("user_role[]", "Vec<UserRole>"),
            ("timestamptz[]", "Vec<DateTime<Utc>>"),
        ] {
            assert_eq!(ty(sql_type), RustType::exact(expected), "{sql_type}");
        }
    }

    #[test]
    fn modifiers_become_attributes() {
        let varchar = ty("varchar(100)");
        assert_eq!((varchar.ty.as_str(), varchar.modifier.as_deref()), ("String", Some("varchar(100)")));
        let numeric = ty("numeric(10, 2)");
        assert_eq!((numeric.ty.as_str(), numeric.modifier.as_deref()), ("Decimal", Some("numeric(10, 2)")));
        assert!(varchar.lost.is_none() && numeric.lost.is_none());
    }

    #[test]
    fn what_the_derive_cannot_declare_is_approximated_and_explained() {
        for (sql_type, expected) in [
            ("inet", "String"),
            ("character varying", "String"),
            ("timestamp(3) with time zone", "String"),
            ("other_schema_enum", "String"),
            ("varchar(10)[]", "Vec<String>"),
            ("bytea[]", "Vec<String>"),
            ("numeric(2, -3)", "Decimal"),
            ("numeric(2, 5)", "Decimal"),
        ] {
            let rust = ty(sql_type);
            assert_eq!(rust.ty, expected, "{sql_type}");
            assert!(rust.lost.as_deref().is_some_and(|why| why.contains(sql_type)), "{sql_type}");
        }
    }
}
