//! Rust names for database names: struct, enum, variant and field identifiers
//! that compile, read naturally and map back to the same database names.

use std::collections::HashSet;

/// Rust keywords (strict and reserved, edition 2024): written `r#name` as fields.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated file uses (from `orm::prelude`, the std prelude and
/// the derives): a table or enum is never given one of them.
const TAKEN_TYPE_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Uuid",
    "DateTime",
    "Utc",
    "NaiveDate",
    "NaiveDateTime",
    "NaiveTime",
    "Decimal",
    "Json",
    "Table",
    "PgEnum",
    "Column",
    "Condition",
    "Db",
    "Executor",
    "Isolation",
    "LoadRelation",
    "Sql",
    "Statement",
    "Transaction",
    "TransactionOptions",
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
];

/// Hands out type names (structs with their `New..` and `..Patch` companions, and
/// enums) that clash neither with each other nor with the names the file uses.
pub(super) struct TypeNames {
    taken: HashSet<String>,
}

impl TypeNames {
    pub(super) fn new() -> Self {
        TypeNames { taken: TAKEN_TYPE_NAMES.iter().map(|n| (*n).to_owned()).collect() }
    }

    /// The struct name of a table: the singular of its name in PascalCase
    /// (`blog_posts` → `BlogPost`). `#[derive(Table)]` also declares `New<Name>`
    /// and `<Name>Patch`, so those are taken too.
    pub(super) fn table(&mut self, table: &str) -> String {
        let base = pascal_case(&singular(table), "Table");
        let free = |taken: &HashSet<String>, name: &str| {
            [name.to_owned(), format!("New{name}"), format!("{name}Patch")].iter().all(|n| !taken.contains(n))
        };
        let name = first_free(&base, "Row", |name| free(&self.taken, name));
        self.taken.extend([format!("New{name}"), format!("{name}Patch"), name.clone()]);
        name
    }

    /// The Rust name of an enum type: its name in PascalCase (`user_role` → `UserRole`).
    pub(super) fn enum_type(&mut self, name: &str) -> String {
        let base = pascal_case(name, "Enum");
        let name = first_free(&base, "Type", |name| !self.taken.contains(name));
        self.taken.insert(name.clone());
        name
    }
}

/// `base`, or `base` + `suffix`, or `base` + `suffix` + 2, 3, .. : the first that `is_free`.
fn first_free(base: &str, suffix: &str, is_free: impl Fn(&str) -> bool) -> String {
    if is_free(base) {
        return base.to_owned();
    }
    let with_suffix = format!("{base}{suffix}");
    (1..)
        .map(|n| if n == 1 { with_suffix.clone() } else { format!("{with_suffix}{n}") })
        .find(|name| is_free(name))
        .expect("some numbered name is free")
}

/// The variant names of an enum's labels, in order: each label in PascalCase,
/// made unique.
pub(super) fn variant_names(labels: &[String]) -> Vec<String> {
    let mut taken = HashSet::new();
    labels
        .iter()
        .map(|label| {
            let base = match pascal_case(label, "Variant") {
                name if name == "Self" => "SelfValue".to_owned(),
                name => name,
            };
            let name = first_free(&base, "", |name| !taken.contains(name));
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The field names of a table's columns, in order: the column name when it is a
/// snake_case identifier (`r#type` for a keyword), otherwise a sanitized name
/// (`"Due Date"` → `due_date`), made unique.
pub(super) fn field_names<'a>(columns: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    columns
        .into_iter()
        .map(|column| {
            let base = if is_snake_ident(column) { column.to_owned() } else { sanitize(column) };
            let name = keyword_safe(&first_free(&base, "_", |name| !taken.contains(&keyword_safe(name))));
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// `true` for `[a-z_][a-z0-9_]*`, other than `_`.
fn is_snake_ident(name: &str) -> bool {
    name != "_"
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A snake_case identifier from any name: ASCII letters lowercased, digits kept,
/// every other run of characters one `_`, never starting with a digit.
fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in snake_case(name).chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    match trimmed.bytes().next() {
        None => "column".to_owned(),
        Some(b) if b.is_ascii_digit() => format!("c_{trimmed}"),
        Some(_) => trimmed.to_owned(),
    }
}

/// `name`, as `r#name` when it is a keyword, or `name_` when even that is not allowed.
fn keyword_safe(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The constant `#[derive(Table)]` declares for a field: `EMAIL` for `email`,
/// `TYPE` for `r#type`.
pub(super) fn column_constant(field: &str) -> String {
    field.trim_start_matches("r#").to_uppercase()
}

/// `user_role` → `UserRole`, `odd "name"` → `OddName`: ASCII letters and digits,
/// each word capitalized; `fallback` when nothing is left, prefixed to a leading digit.
pub(super) fn pascal_case(name: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word_start = true;
    for ch in name.chars() {
        if ch == '\'' {
            continue; // `it's` → `Its`
        }
        if ch.is_ascii_alphanumeric() {
            out.push(if word_start { ch.to_ascii_uppercase() } else { ch });
            word_start = false;
        } else {
            word_start = true;
        }
    }
    match out.bytes().next() {
        None => fallback.to_owned(),
        Some(b) if b.is_ascii_digit() => format!("{fallback}{out}"),
        Some(_) => out,
    }
}

/// The singular of an English plural, when it is safe to guess: `categories` →
/// `category`, `addresses` → `address`, `users` → `user`; `status` and `analysis`
/// stay as they are.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies").filter(|s| !s.is_empty()) {
        return format!("{stem}y");
    }
    if let Some(stem) = name.strip_suffix("sses") {
        return format!("{stem}ss");
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|end| name.ends_with(end));
    match name.strip_suffix('s') {
        Some(stem) if !keeps_s && !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// snake_case as `#[derive(PgEnum)]` derives a label from a variant name:
/// `PostTag` → `post_tag`, `HTTPServer` → `http_server`. A copy of orm-derive's
/// `case::snake_case` (a proc-macro crate exports only macros); the round-trip
/// tests compile generated enums, so the two cannot drift apart unnoticed.
pub(super) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(columns: &[&str]) -> Vec<String> {
        field_names(columns.iter().copied())
    }

    #[test]
    fn snake_case_columns_are_their_own_fields() {
        assert_eq!(fields(&["id", "author_id", "_private", "x2"]), ["id", "author_id", "_private", "x2"]);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(fields(&["type", "match", "gen", "async"]), ["r#type", "r#match", "r#gen", "r#async"]);
        assert_eq!(
            fields(&["self", "self_", "super", "crate", "_"]),
            ["self_", "self__", "super_", "crate_", "column"]
        );
        assert_eq!(column_constant("r#type"), "TYPE");
        assert_eq!(column_constant("created_at"), "CREATED_AT");
    }

    #[test]
    fn other_names_are_sanitized_and_kept_apart() {
        assert_eq!(
            fields(&[
                "Mixed Case",
                "mixed_case",
                r#"select "value"; --"#,
                "we ird",
                "1st",
                "grüße",
                "",
                "CamelCase"
            ]),
            ["mixed_case", "mixed_case_", "select_value", "we_ird", "c_1st", "gr_e", "column", "camel_case"]
        );
        assert_eq!(fields(&["a b", "a-b", "a_b"]), ["a_b", "a_b_", "a_b_2"]);
    }

    #[test]
    fn structs_are_singular_pascal_case() {
        let mut names = TypeNames::new();
        assert_eq!(names.table("users"), "User");
        assert_eq!(names.table("blog_posts"), "BlogPost");
        assert_eq!(names.table("categories"), "Category");
        assert_eq!(names.table("addresses"), "Address");
        assert_eq!(names.table("status"), "Status");
        assert_eq!(names.table("analysis"), "Analysis");
        assert_eq!(names.table(r#"odd "quoted" table"#), "OddQuotedTable");
        assert_eq!(names.table("2024_sales"), "Table2024Sale");
        assert_eq!(names.table("\"\""), "TableRow"); // `Table` is the derive's
    }

    #[test]
    fn type_names_never_clash() {
        let mut names = TypeNames::new();
        assert_eq!(names.table("user"), "User");
        assert_eq!(names.table("users"), "UserRow");
        assert_eq!(names.table("new_user"), "NewUserRow2"); // `NewUserRow` is `UserRow`'s
        assert_eq!(names.table("uuids"), "UuidRow");
        assert_eq!(names.table("tables"), "TableRow");
        assert_eq!(names.enum_type("user"), "UserType");
        assert_eq!(names.enum_type("user_patch"), "UserPatchType");
        assert_eq!(names.enum_type("mood"), "Mood");
        assert_eq!(names.enum_type("Mood"), "MoodType");
    }

    #[test]
    fn variants_are_pascal_case_and_distinct() {
        let labels: Vec<String> =
            ["admin", "in-review", "it's ok", "self", "2fa", "a b", "a_b", "HTTP"].map(String::from).to_vec();
        assert_eq!(
            variant_names(&labels),
            ["Admin", "InReview", "ItsOk", "SelfValue", "Variant2fa", "AB", "AB2", "HTTP"]
        );
        assert_eq!(snake_case("InReview"), "in_review");
        assert_eq!(snake_case("HTTPServer"), "http_server");
    }
}
