//! Column types as snapshots spell them, from what `format_type` prints.

/// The snapshot spelling of a column type: `enum_type` (the bare enum name, with
/// `[]` for an array of enums) when the type is an enum, otherwise `format_type`'s
/// text with the long names shortened the way [`SqlType`](orm_core::schema::SqlType)
/// writes them (`character varying(100)` → `varchar(100)`, `timestamp with time
/// zone` → `timestamptz`, `numeric(10,2)` → `numeric(10, 2)`). Types outside that
/// list keep `format_type`'s text.
pub(super) fn snapshot_type(format_type: &str, enum_type: Option<&str>) -> String {
    if let Some(name) = enum_type {
        return name.to_owned();
    }
    match format_type.strip_suffix("[]") {
        Some(element) => format!("{}[]", base_type(element)),
        None => base_type(format_type),
    }
}

/// One non-array type.
fn base_type(text: &str) -> String {
    match text {
        "timestamp with time zone" => return "timestamptz".to_owned(),
        "timestamp without time zone" => return "timestamp".to_owned(),
        "time without time zone" => return "time".to_owned(),
        _ => {}
    }
    if let Some(length) = modifier(text, "character varying") {
        return format!("varchar({length})");
    }
    if let Some(args) = modifier(text, "numeric") {
        if let Some((precision, scale)) = args.split_once(',') {
            return format!("numeric({}, {})", precision.trim(), scale.trim());
        }
    }
    text.to_owned()
}

/// `args` of `name(args)`.
fn modifier<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_become_the_sql_type_spelling() {
        for (printed, expected) in [
            ("boolean", "boolean"),
            ("smallint", "smallint"),
            ("integer", "integer"),
            ("bigint", "bigint"),
            ("real", "real"),
            ("double precision", "double precision"),
            ("text", "text"),
            ("character varying(100)", "varchar(100)"),
            ("numeric", "numeric"),
            ("numeric(10,2)", "numeric(10, 2)"),
            ("bytea", "bytea"),
            ("uuid", "uuid"),
            ("timestamp with time zone", "timestamptz"),
            ("timestamp without time zone", "timestamp"),
            ("date", "date"),
            ("time without time zone", "time"),
            ("jsonb", "jsonb"),
            ("text[]", "text[]"),
            ("character varying(5)[]", "varchar(5)[]"),
            ("numeric(3,1)[]", "numeric(3, 1)[]"),
            ("timestamp with time zone[]", "timestamptz[]"),
        ] {
            assert_eq!(snapshot_type(printed, None), expected, "{printed}");
        }
    }

    #[test]
    fn other_types_keep_their_postgres_spelling() {
        for printed in [
            "character varying",
            "character(3)",
            "timestamp(3) with time zone",
            "time with time zone",
            "interval",
            "inet",
            "json",
            "\"char\"",
            "bit(8)",
            "integer[]",
        ] {
            assert_eq!(snapshot_type(printed, None), printed);
        }
    }

    #[test]
    fn enums_are_named_bare() {
        assert_eq!(snapshot_type("user_role", Some("user_role")), "user_role");
        assert_eq!(snapshot_type("\"odd\"\"kind\"[]", Some("odd\"kind[]")), "odd\"kind[]");
    }
}
