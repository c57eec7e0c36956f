//! `sql!` templates: `{}` placeholders, `{{` / `}}` escapes, checked at compile time.

use std::borrow::Cow;

/// Fails compilation (it runs in a `const`) unless `template` has exactly `values`
/// placeholders and no hand-written `$n`.
pub const fn check_template(template: &str, values: usize) {
    let bytes = template.as_bytes();
    let mut placeholders = 0;
    let mut i = 0;
    while i < bytes.len() {
        let next = if i + 1 < bytes.len() { bytes[i + 1] } else { 0 };
        match bytes[i] {
            b'{' if next == b'{' => i += 1,
            b'{' if next == b'}' => {
                placeholders += 1;
                i += 1;
            }
            b'{' => panic!(
                "`sql!`: a lone `{{` in the SQL text; write `{{{{` for a literal brace, `{{}}` for a value"
            ),
            b'}' if next == b'}' => i += 1,
            b'}' => panic!("`sql!`: a lone `}}` in the SQL text; write `}}}}` for a literal brace"),
            b'$' if next.is_ascii_digit() => {
                panic!("`sql!`: write `{{}}` for each value; `sql!` numbers the `$n` placeholders itself")
            }
            _ => {}
        }
        i += 1;
    }
    if is_transaction_control(template) {
        panic!(
            "`sql!`: transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ..) belongs to `db.transaction(..)`"
        );
    }
    if placeholders != values {
        panic!("`sql!`: the number of `{{}}` placeholders differs from the number of values given");
    }
}

/// The text pieces around the placeholders, with `{{` and `}}` unescaped.
pub(crate) fn split(template: &'static str) -> Vec<Cow<'static, str>> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        current.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{}") {
            pieces.push(std::mem::take(&mut current));
        } else {
            // `{{` or `}}` (check_template refused anything else).
            current.push_str(&tail[..1]);
            escaped = true;
        }
        rest = &tail[2.min(tail.len())..];
    }
    current.push_str(rest);
    pieces.push(current);
    if !escaped && pieces.len() == 1 {
        return vec![Cow::Borrowed(template)];
    }
    pieces.into_iter().map(Cow::Owned).collect()
}

/// Statements that open or end a transaction: raw SQL must not, or a session could
/// go back to the pool inside a transaction (or end one the library opened).
const TRANSACTION_CONTROL: [&str; 9] =
    ["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"];

/// Whether the first keyword of `sql` (after blanks and comments) controls transactions.
pub(crate) const fn is_transaction_control(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    let mut i = 0;
    // Skip blanks, `-- ..` and `/* .. */`.
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i + 1 < bytes.len() && bytes[i] == b'-' && bytes[i + 1] == b'-' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if i + 1 < bytes.len() && bytes[i] == b'/' && bytes[i + 1] == b'*' {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else {
            break;
        }
    }
    let mut k = 0;
    while k < TRANSACTION_CONTROL.len() {
        let word = TRANSACTION_CONTROL[k].as_bytes();
        let mut j = 0;
        let mut same = i + word.len() <= bytes.len();
        while same && j < word.len() {
            same = bytes[i + j].to_ascii_uppercase() == word[j];
            j += 1;
        }
        let ends = i + word.len() >= bytes.len() || !bytes[i + word.len()].is_ascii_alphanumeric();
        if same && ends {
            return true;
        }
        k += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_transaction_control_after_blanks_and_comments() {
        for sql in [
            "BEGIN",
            " begin;",
            "-- note\nCOMMIT",
            "/* x */ rollback to savepoint a",
            "Start transaction",
            "END",
        ] {
            assert!(is_transaction_control(sql), "{sql}");
        }
        for sql in ["SELECT 1", "beginning", "INSERT INTO ends VALUES (1)", "", "-- only a comment"] {
            assert!(!is_transaction_control(sql), "{sql}");
        }
    }

    #[test]
    fn splits_around_placeholders_and_unescapes_braces() {
        assert_eq!(split("SELECT 1"), ["SELECT 1"]);
        assert_eq!(split("a = {} AND b = {}"), ["a = ", " AND b = ", ""]);
        assert_eq!(split("SELECT '{{1,2}}'::int[] WHERE x = {}"), ["SELECT '{1,2}'::int[] WHERE x = ", ""]);
    }
}
