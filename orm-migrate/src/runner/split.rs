//! Splitting a script into statements, for migrations that run outside a transaction.
//!
//! A script sent as one simple query runs as one implicit transaction, where
//! `CREATE INDEX CONCURRENTLY` is refused, so such migrations are sent one
//! statement at a time. A `;` ends a statement unless it is inside a string
//! (`'..'`, `E'..'` with backslash escapes), a quoted identifier (`".."`), a
//! dollar-quoted body (`$$..$$`, `$tag$..$tag$`), a comment (`-- ..`, nested
//! `/* .. */`), parentheses (`CREATE RULE .. DO ALSO (..; ..)`) or the body of a
//! `CREATE [OR REPLACE] FUNCTION|PROCEDURE .. BEGIN ATOMIC .. END`, which psql's own
//! lexer tells apart the same way (a `BEGIN` opens, a `CASE` inside it opens, an
//! `END` closes).

/// The statements of `sql`, trimmed, without the `;` that ends them; pieces that
/// hold only comments and whitespace are left out.
pub(crate) fn split_statements(sql: &str) -> Vec<&str> {
    let bytes = sql.as_bytes();
    let mut statements = Vec::new();
    let (mut start, mut has_code, mut i) = (0, false, 0);
    let mut nesting = Nesting::default();
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        i = match bytes[i] {
            b';' if nesting.is_open() => {
                has_code = true;
                i + 1
            }
            b';' => {
                if has_code {
                    statements.push(sql[start..i].trim());
                }
                (start, has_code, nesting) = (i + 1, false, Nesting::default());
                i + 1
            }
            b'-' if next == Some(b'-') => end_of_line_comment(bytes, i),
            b'/' if next == Some(b'*') => end_of_block_comment(bytes, i),
            byte if byte.is_ascii_whitespace() => i + 1,
            byte => {
                has_code = true;
                match byte {
                    b'\'' => end_of_string_constant(bytes, i, is_escape_string(bytes, i)),
                    b'"' => end_of_quoted_identifier(bytes, i),
                    b'$' => end_of_dollar_quoted(bytes, i).unwrap_or(i + 1),
                    b'(' => {
                        nesting.parens += 1;
                        i + 1
                    }
                    b')' => {
                        nesting.parens = nesting.parens.saturating_sub(1);
                        i + 1
                    }
                    byte if is_identifier_start(byte) && (i == 0 || !is_identifier_byte(bytes[i - 1])) => {
                        let end = i + bytes[i..]
                            .iter()
                            .position(|&b| !is_identifier_byte(b))
                            .unwrap_or(bytes.len() - i);
                        nesting.word(&sql[i..end]);
                        end
                    }
                    _ => i + 1,
                }
            }
        };
    }
    if has_code {
        statements.push(sql[start..].trim());
    }
    statements
}

/// What keeps a `;` inside the current statement: open parentheses, and the
/// `BEGIN ATOMIC` body of a function or procedure (psql's heuristic: the statement
/// starts `CREATE [OR REPLACE] FUNCTION|PROCEDURE`; outside parentheses `BEGIN`
/// opens a level, `CASE` opens one inside a body, `END` closes one).
#[derive(Default)]
struct Nesting {
    parens: u32,
    /// The first words of the statement, up to four, lowercased when they matter.
    leading: [u8; 4],
    words: usize,
    body_depth: u32,
}

impl Nesting {
    fn is_open(&self) -> bool {
        self.parens > 0 || self.body_depth > 0
    }

    fn word(&mut self, word: &str) {
        if self.words < self.leading.len() {
            let lower = word.to_ascii_lowercase();
            if matches!(lower.as_str(), "create" | "or" | "replace" | "function" | "procedure") {
                self.leading[self.words] = lower.as_bytes()[0];
            }
        }
        self.words += 1;
        let routine = matches!(self.leading, [b'c', b'f' | b'p', ..] | [b'c', b'o', b'r', b'f' | b'p']);
        if !routine || self.parens > 0 {
            return;
        }
        // CASE also ends with END: counted only inside a body, as psql does.
        let opens =
            word.eq_ignore_ascii_case("begin") || (word.eq_ignore_ascii_case("case") && self.body_depth > 0);
        if opens {
            self.body_depth += 1;
        } else if word.eq_ignore_ascii_case("end") {
            self.body_depth = self.body_depth.saturating_sub(1);
        }
    }
}

/// Bytes that start an identifier or keyword.
fn is_identifier_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

/// Bytes that continue an identifier (non-ASCII letters included).
fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$' || byte >= 0x80
}

/// The index after the newline that ends the `--` comment starting at `i`.
pub(super) fn end_of_line_comment(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |at| i + at + 1)
}

/// The index after the `*/` that closes the (possibly nested) `/*` at `i`.
pub(super) fn end_of_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => (depth, i) = (depth + 1, i + 2),
            (b'*', Some(b'/')) => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `true` when the quote at `i` opens an `E'..'` string (an `E` that is not the
/// end of a longer word).
fn is_escape_string(bytes: &[u8], i: usize) -> bool {
    i >= 1 && matches!(bytes[i - 1], b'E' | b'e') && (i == 1 || !is_identifier_byte(bytes[i - 2]))
}

/// The index after a string constant opening at `i`, with its continuations: a
/// string followed by whitespace holding a newline and another `'..'` is one constant,
/// and an `E'..'` string's continuations take backslash escapes too.
fn end_of_string_constant(bytes: &[u8], i: usize, backslash_escapes: bool) -> usize {
    let mut end = end_of_string(bytes, i, backslash_escapes);
    loop {
        let gap = bytes[end..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        let continued = bytes.get(end + gap) == Some(&b'\'') && bytes[end..end + gap].contains(&b'\n');
        if !continued {
            return end;
        }
        end = end_of_string(bytes, end + gap, backslash_escapes);
    }
}

/// The index after the quote that closes the string opening at `i`; `''` is a
/// quote inside it, and in an `E'..'` string so is `\'`.
fn end_of_string(bytes: &[u8], mut i: usize, backslash_escapes: bool) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash_escapes => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\'' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after the `"` that closes the identifier opening at `i` (`""` inside it).
fn end_of_quoted_identifier(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if bytes.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// When a `$tag$` opens at `i`, the index after its closing `$tag$`; `None` when
/// the `$` is something else (`$1`, or part of an identifier like `a$b`).
fn end_of_dollar_quoted(bytes: &[u8], i: usize) -> Option<usize> {
    if i > 0 && is_identifier_byte(bytes[i - 1]) {
        return None;
    }
    let tag_len = bytes[i + 1..].iter().position(|&b| !is_identifier_byte(b) || b == b'$')?;
    let tag_end = i + 1 + tag_len;
    if bytes.get(tag_end) != Some(&b'$') || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag = &bytes[i..=tag_end];
    let body = tag_end + 1;
    let close = bytes[body..].windows(tag.len()).position(|window| window == tag);
    Some(close.map_or(bytes.len(), |at| body + at + tag.len()))
}

#[cfg(test)]
mod tests {
    use super::split_statements;

    #[test]
    fn semicolons_end_statements() {
        assert_eq!(split_statements("SELECT 1; SELECT 2;\n SELECT 3"), ["SELECT 1", "SELECT 2", "SELECT 3"]);
    }

    #[test]
    fn empty_and_comment_only_pieces_are_left_out() {
        let sql = "-- orm:no-transaction\n;; /* nothing */ ;\nSELECT 1; -- done\n";
        assert_eq!(split_statements(sql), ["SELECT 1"]);
        assert!(split_statements("  \n-- only a comment").is_empty());
    }

    #[test]
    fn comments_stay_with_the_statement_that_follows() {
        let sql = "-- first; not a split\nSELECT 1;\n/* a; b /* nested; */ c; */ SELECT 2;";
        assert_eq!(
            split_statements(sql),
            ["-- first; not a split\nSELECT 1", "/* a; b /* nested; */ c; */ SELECT 2"]
        );
    }

    #[test]
    fn semicolons_in_strings_and_identifiers_do_not_split() {
        let sql = r#"INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine'); SELECT "q"";""""#;
        assert_eq!(
            split_statements(sql),
            [r#"INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine')"#, r#"SELECT "q"";""""#]
        );
    }

    #[test]
    fn escape_strings_take_backslash_quotes() {
        let sql = r"SELECT E'it\'s; here', e'\\'; SELECT 'a\'; SELECT 2";
        assert_eq!(split_statements(sql), [r"SELECT E'it\'s; here', e'\\'", r"SELECT 'a\'", "SELECT 2"]);
        // A word ending in `e` before a quote is not an E-string prefix.
        assert_eq!(split_statements(r"SELECT some'\'; SELECT 2"), [r"SELECT some'\'", "SELECT 2"]);
    }

    #[test]
    fn dollar_quoted_bodies_do_not_split() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                   DO $body$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $body$;\nSELECT 3";
        assert_eq!(
            split_statements(sql),
            [
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                "DO $body$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $body$",
                "SELECT 3",
            ]
        );
    }

    #[test]
    fn parameters_and_identifiers_with_dollars_are_not_quotes() {
        let sql = "PREPARE p AS SELECT $1; SELECT a$b$ FROM t; SELECT 2";
        assert_eq!(split_statements(sql), ["PREPARE p AS SELECT $1", "SELECT a$b$ FROM t", "SELECT 2"]);
    }

    #[test]
    fn an_unterminated_quote_runs_to_the_end() {
        assert_eq!(split_statements("SELECT 'a; SELECT 2"), ["SELECT 'a; SELECT 2"]);
        assert_eq!(split_statements("SELECT $x$ a; b"), ["SELECT $x$ a; b"]);
    }

    #[test]
    fn parentheses_keep_a_rules_actions_together() {
        let sql = "CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c VALUES (2)); SELECT 1";
        let statements = split_statements(sql);
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert!(statements[0].ends_with("VALUES (2))"));
    }

    #[test]
    fn a_begin_atomic_body_is_one_statement_with_its_case_ends() {
        let sql = "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nCREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nSELECT 3";
        let statements = split_statements(sql);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert!(statements[0].ends_with("SELECT 2;\nEND"), "{statements:?}");
        assert_eq!(statements[2], "SELECT 3");
    }

    #[test]
    fn begin_and_end_elsewhere_still_split() {
        let sql = "BEGIN; SELECT 1 AS begin; SELECT CASE WHEN true THEN 1 END; COMMIT";
        assert_eq!(
            split_statements(sql),
            ["BEGIN", "SELECT 1 AS begin", "SELECT CASE WHEN true THEN 1 END", "COMMIT"]
        );
    }

    #[test]
    fn an_escape_strings_continuation_on_the_next_line_takes_escapes_too() {
        let sql = "SELECT E'a'\n 'b\\'c; d'; SELECT 'x' 'y; z'";
        // `'x' 'y; z'` on one line is not a continuation (PostgreSQL refuses it), but the
        // splitter still keeps the quoted `;` inside the second string.
        assert_eq!(split_statements(sql), ["SELECT E'a'\n 'b\\'c; d'", "SELECT 'x' 'y; z'"]);
    }
}
