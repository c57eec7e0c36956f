//! Type changes: which lose nothing, and which rewrite the table.

/// `true` when every value of `from` converts to `to` unchanged: a wider
/// integer, a longer varchar, text, a numeric with room for every digit.
pub(crate) fn is_widening(from: &str, to: &str) -> bool {
    if let (Some(from), Some(to)) = (from.strip_suffix("[]"), to.strip_suffix("[]")) {
        return is_widening(from, to);
    }
    if to == "text" {
        return !from.ends_with("[]");
    }
    let rank = |t: &str| match t {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        _ => None,
    };
    if let (Some(a), Some(b)) = (rank(from), rank(to)) {
        return a <= b;
    }
    if rank(from).is_some() && to == "numeric" {
        return true;
    }
    match (from, to) {
        ("real", "double precision") | ("smallint" | "integer", "double precision") => return true,
        _ => {}
    }
    if let (Some(a), Some(b)) = (varchar_length(from), varchar_length(to)) {
        return a <= b;
    }
    if let (Some(from), Some(to)) = (numeric_spec(from), numeric_spec(to)) {
        return match (from, to) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((p1, s1)), Some((p2, s2))) => s2 >= s1 && p2 - s2 >= p1 - s1,
        };
    }
    false
}

/// `true` when PostgreSQL can change the type without rewriting the table:
/// a longer varchar, varchar to text, a numeric with a higher precision and
/// the same scale, or to unconstrained numeric.
pub(crate) fn keeps_storage(from: &str, to: &str) -> bool {
    if let (Some(a), Some(b)) = (varchar_length(from), varchar_length(to)) {
        return a <= b;
    }
    if varchar_length(from).is_some() && to == "text" {
        return true;
    }
    if let (Some(from), Some(to)) = (numeric_spec(from), numeric_spec(to)) {
        return match (from, to) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((p1, s1)), Some((p2, s2))) => s1 == s2 && p2 >= p1,
        };
    }
    false
}

/// `true` when the conversion needs an explicit `USING` cast (no assignment
/// cast exists), which is the case for anything but a widening change.
pub(crate) fn needs_using(from: &str, to: &str) -> bool {
    !is_widening(from, to) || to == "text" && from != "text" && varchar_length(from).is_none()
}

/// `true` for the built-in types the schema spells (`integer`, `varchar(20)`, ..);
/// `false` for enum types and anything else.
pub(crate) fn is_builtin(sql_type: &str) -> bool {
    matches!(
        sql_type,
        "boolean"
            | "smallint"
            | "integer"
            | "bigint"
            | "real"
            | "double precision"
            | "text"
            | "bytea"
            | "uuid"
            | "timestamptz"
            | "timestamp"
            | "date"
            | "time"
            | "jsonb"
    ) || varchar_length(sql_type).is_some()
        || numeric_spec(sql_type).is_some()
}

fn varchar_length(sql_type: &str) -> Option<u32> {
    sql_type.strip_prefix("varchar(")?.strip_suffix(')')?.parse().ok()
}

/// `Some(None)` for unconstrained numeric, `Some(Some((p, s)))` for numeric(p, s).
fn numeric_spec(sql_type: &str) -> Option<Option<(i64, i64)>> {
    if sql_type == "numeric" {
        return Some(None);
    }
    let inner = sql_type.strip_prefix("numeric(")?.strip_suffix(')')?;
    let (p, s) = inner.split_once(',').unwrap_or((inner, "0"));
    Some(Some((p.trim().parse().ok()?, s.trim().parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_changes_lose_nothing() {
        for (from, to) in [
            ("smallint", "integer"),
            ("integer", "bigint"),
            ("integer", "numeric"),
            ("real", "double precision"),
            ("varchar(10)", "varchar(20)"),
            ("varchar(10)", "text"),
            ("integer", "text"),
            ("numeric(10, 2)", "numeric(12, 2)"),
            ("numeric(10, 2)", "numeric(11, 3)"),
            ("numeric(10, 2)", "numeric"),
            ("integer[]", "bigint[]"),
        ] {
            assert!(is_widening(from, to), "{from} -> {to}");
        }
        for (from, to) in [
            ("bigint", "integer"),
            ("varchar(20)", "varchar(10)"),
            ("text", "varchar(10)"),
            ("text", "integer"),
            ("numeric(10, 2)", "numeric(10, 3)"),
            ("numeric", "numeric(10, 2)"),
            ("double precision", "real"),
            ("bigint", "double precision"),
            ("timestamptz", "date"),
            ("text[]", "text"),
        ] {
            assert!(!is_widening(from, to), "{from} -> {to}");
        }
    }

    #[test]
    fn only_some_changes_keep_the_storage() {
        assert!(keeps_storage("varchar(10)", "varchar(20)"));
        assert!(keeps_storage("varchar(10)", "text"));
        assert!(keeps_storage("numeric(10, 2)", "numeric(12, 2)"));
        assert!(!keeps_storage("integer", "bigint"));
        assert!(!keeps_storage("numeric(10, 2)", "numeric(12, 3)"));
    }
}
