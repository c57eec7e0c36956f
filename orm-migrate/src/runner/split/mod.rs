//! Splitting a script into statements, for migrations that run outside a transaction.
//!
//! A script sent as one simple query runs as one implicit transaction, where
//! `CREATE INDEX CONCURRENTLY` is refused, so such migrations are sent one
//! statement at a time. A `;` ends a statement unless it is inside a token of
//! PostgreSQL's lexer (`scan.l`, see [`tokens`]): a string constant (`'..'` with `''`,
//! `E'..'` with backslash escapes, `U&'..'`, `B'..'`, `X'..'`, `N'..'`, each continued
//! by another `'..'` after a line break), a quoted identifier (`".."`, `U&".."`), a
//! dollar quote (`$$..$$`, `$tag$..$tag$`, but not `$1` nor the `$` of `a$b`), a
//! comment (`-- ..`, nested `/* .. */`); or inside parentheses (`CREATE RULE .. DO
//! ALSO (..; ..)`) or the body of a `CREATE [OR REPLACE] FUNCTION|PROCEDURE .. BEGIN
//! ATOMIC .. END`, which psql's lexer keeps together the same way (a `BEGIN` opens, a
//! `CASE` inside it opens, an `END` closes).

mod tokens;

#[cfg(test)]
mod server_fuzz;
#[cfg(test)]
mod tests;

pub(crate) use tokens::{PlainStrings, end_of_block_comment, end_of_line_comment};
use tokens::{
    end_of_dollar_quoted, end_of_number, end_of_quoted_identifier, end_of_string_constant, end_of_word,
    is_identifier_start,
};

/// The statements of `sql`, all read with `strings`: trimmed, without the `;` that
/// ends them; pieces that hold only comments and whitespace are left out.
pub(crate) fn statements(sql: &str, strings: PlainStrings) -> impl Iterator<Item = &str> {
    let mut script = Statements::new(sql);
    std::iter::from_fn(move || script.next(strings))
}

/// The statements of a script one at a time, each read with the string syntax in force
/// when it runs (a `SET standard_conforming_strings` changes how the rest is read).
pub(crate) struct Statements<'a> {
    sql: &'a str,
    at: usize,
}

impl<'a> Statements<'a> {
    pub(crate) fn new(sql: &'a str) -> Statements<'a> {
        Statements { sql, at: 0 }
    }

    /// The next statement, trimmed, without its `;`; `None` when only comments and
    /// whitespace remain.
    pub(crate) fn next(&mut self, strings: PlainStrings) -> Option<&'a str> {
        while self.at < self.sql.len() {
            let start = self.at;
            let (end, has_code) = end_of_statement(self.sql, start, strings);
            self.at = end + 1;
            if has_code {
                return Some(self.sql[start..end].trim());
            }
        }
        None
    }
}

/// The index of the `;` that ends the statement starting at `start` (or the end of
/// `sql`), and whether it holds anything but comments and whitespace.
fn end_of_statement(sql: &str, start: usize, strings: PlainStrings) -> (usize, bool) {
    let bytes = sql.as_bytes();
    let (mut has_code, mut nesting, mut i) = (false, Nesting::default(), start);
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        i = match bytes[i] {
            b';' if !nesting.is_open() => return (i, has_code),
            b'-' if next == Some(b'-') => end_of_line_comment(bytes, i),
            b'/' if next == Some(b'*') => end_of_block_comment(bytes, i),
            byte if byte.is_ascii_whitespace() => i + 1,
            byte => {
                has_code = true;
                match byte {
                    b'\'' => end_of_string_constant(bytes, i, strings == PlainStrings::BackslashEscapes),
                    b'"' => end_of_quoted_identifier(bytes, i),
                    b'$' => end_of_dollar_quoted(bytes, i).unwrap_or_else(|| end_of_number(bytes, i)),
                    b'0'..=b'9' => end_of_number(bytes, i),
                    b'(' => {
                        nesting.parens += 1;
                        i + 1
                    }
                    b')' => {
                        nesting.parens = nesting.parens.saturating_sub(1);
                        i + 1
                    }
                    byte if is_identifier_start(byte) => end_of_word_or_prefixed(sql, i, &mut nesting),
                    _ => i + 1,
                }
            }
        };
    }
    (bytes.len(), has_code)
}

/// The index after the word at `i`, or after the quoted token it prefixes: `E'..'`
/// (backslash escapes), `B'..'` and `X'..'` (no escapes), `U&'..'` (read like `'..'`
/// with `standard_conforming_strings` on, which it requires) and `U&".."`. A word is a
/// prefix only when it is that one letter, as the lexer's longest match has it
/// (`be'..'` is the word `be` and a plain string). `N'..'` needs nothing: the lexer
/// reads `N` as a keyword, then a plain string.
fn end_of_word_or_prefixed(sql: &str, i: usize, nesting: &mut Nesting) -> usize {
    let bytes = sql.as_bytes();
    let end = end_of_word(bytes, i);
    let word = &sql[i..end];
    let after = &bytes[end..];
    let one_letter = |letters: &[u8]| word.len() == 1 && letters.contains(&bytes[i]);
    if one_letter(b"eE") && after.starts_with(b"'") {
        end_of_string_constant(bytes, end, true)
    } else if one_letter(b"bBxX") && after.starts_with(b"'") {
        end_of_string_constant(bytes, end, false)
    } else if one_letter(b"uU") && after.starts_with(b"&'") {
        end_of_string_constant(bytes, end + 1, false)
    } else if one_letter(b"uU") && after.starts_with(b"&\"") {
        end_of_quoted_identifier(bytes, end + 1)
    } else {
        nesting.word(word);
        end
    }
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
