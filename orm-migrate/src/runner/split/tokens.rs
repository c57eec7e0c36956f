//! The tokens of PostgreSQL's lexer (`scan.l`) that can hold a `;`: comments, string
//! constants, quoted identifiers and dollar quotes, each scanned to its end, and the
//! identifiers and parameters that a `$` may belong to.

/// How the server reads a plain `'..'` string: its `standard_conforming_strings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlainStrings {
    /// `on`, the default since PostgreSQL 9.1: a backslash is an ordinary character.
    Standard,
    /// `off`: a backslash escapes the next character, as in `E'..'`.
    BackslashEscapes,
}

impl PlainStrings {
    /// From the value of `SHOW standard_conforming_strings`.
    pub(crate) fn from_setting(value: &str) -> PlainStrings {
        if value.eq_ignore_ascii_case("off") {
            PlainStrings::BackslashEscapes
        } else {
            PlainStrings::Standard
        }
    }
}

/// Bytes that start an identifier or keyword (`ident_start`; non-ASCII counts as a letter).
pub(super) fn is_identifier_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

/// Bytes that continue an identifier (`ident_cont`: a `$` too, so `a$b$c` is one word).
pub(super) fn is_identifier_byte(byte: u8) -> bool {
    is_identifier_start(byte) || byte.is_ascii_digit() || byte == b'$'
}

/// The index after the identifier or keyword starting at `i`.
pub(super) fn end_of_word(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..].iter().position(|&b| !is_identifier_byte(b)).unwrap_or(bytes.len() - i)
}

/// The index after the number starting at `i`, or after the parameter `$n` at `i`: a
/// `$` after them is not part of them (letters are, an error the server reports).
pub(super) fn end_of_number(bytes: &[u8], i: usize) -> usize {
    let start = if bytes[i] == b'$' { i + 1 } else { i };
    let is_number_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.';
    start + bytes[start..].iter().position(|b| !is_number_byte(b)).unwrap_or(bytes.len() - start)
}

/// The index of the line break (`\n` or `\r`) that ends the `--` comment starting at
/// `i`, or the end of `bytes`.
pub(crate) fn end_of_line_comment(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r').map_or(bytes.len(), |at| i + at)
}

/// The index after the `*/` that closes the (possibly nested) `/*` at `i`.
pub(crate) fn end_of_block_comment(bytes: &[u8], mut i: usize) -> usize {
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

/// The index after a string constant whose first quote is at `i`, with its
/// continuations: a string followed by whitespace and `--` comments that hold a line
/// break, then another `'..'`, is one constant, read throughout as its first part is
/// (`E'a'` newline `'\''` is `a'`).
pub(super) fn end_of_string_constant(bytes: &[u8], i: usize, backslash_escapes: bool) -> usize {
    let mut end = end_of_string(bytes, i, backslash_escapes);
    while let Some(quote) = continuation(bytes, end) {
        end = end_of_string(bytes, quote, backslash_escapes);
    }
    end
}

/// The quote that continues the string constant ending at `i` (`quotecontinue`:
/// spaces, tabs, form feeds and `--` comments, at least one line break among them),
/// if there is one.
fn continuation(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut line_break = false;
    loop {
        match (bytes.get(i)?, bytes.get(i + 1)) {
            (b'\n' | b'\r', _) => (line_break, i) = (true, i + 1),
            (b' ' | b'\t' | b'\x0c', _) => i += 1,
            (b'-', Some(b'-')) => i = end_of_line_comment(bytes, i),
            (b'\'', _) if line_break => return Some(i),
            _ => return None,
        }
    }
}

/// The index after the quote that closes the string opening at `i`; `''` is a
/// quote inside it, and with backslash escapes so is `\'` (and `\\` a backslash).
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
pub(super) fn end_of_quoted_identifier(bytes: &[u8], mut i: usize) -> usize {
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

/// When a `$tag$` (`$$` included) opens at `i`, the index after its closing `$tag$`
/// (or the end of `bytes`); `None` when the `$` opens no quote (`$1`, `$x` alone).
/// The caller has already consumed identifiers whole, so a `$` inside `a$b$c` never
/// comes here.
pub(super) fn end_of_dollar_quoted(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag_len = bytes[i + 1..].iter().position(|&b| !is_identifier_byte(b) || b == b'$')?;
    let tag_end = i + 1 + tag_len;
    if bytes[tag_end] != b'$' {
        return None;
    }
    let tag = &bytes[i..=tag_end];
    let body = tag_end + 1;
    let close = bytes[body..].windows(tag.len()).position(|window| window == tag);
    Some(close.map_or(bytes.len(), |at| body + at + tag.len()))
}
