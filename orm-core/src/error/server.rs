//! What of a server error may be shown: the rule that keeps row and bound values out of
//! messages, `Debug` output and logs.
//!
//! The server's DETAIL is never shown: it quotes rows and keys (`Key (email)=(..)
//! already exists`, `Failing row contains (..)`). Its message is shown, except where a
//! data exception (SQLSTATE class 22) quotes the input it could not take (`invalid
//! input syntax for type integer: ".."`, `value ".." is out of range for type
//! smallint`, `invalid byte sequence for encoding "UTF8": 0x00`): there the quoted text,
//! what follows the last `: ` and hexadecimal bytes are replaced by `***`. Other
//! messages quote names (`relation "users" does not exist`, `column "x" of relation
//! "y"`), which stay. `Error::server_error` gives the whole error.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use tokio_postgres::error::DbError;

/// The server's message with any value it quotes replaced by `***` (see the module's rule).
pub(super) fn shown_message(db: &DbError) -> Cow<'_, str> {
    without_values(db.code().code(), db.message())
}

/// `message` of SQLSTATE `code`, with the values a data exception quotes replaced by `***`.
fn without_values<'m>(code: &str, message: &'m str) -> Cow<'m, str> {
    if !code.starts_with("22") {
        return Cow::Borrowed(message);
    }
    // The value may itself hold quotes, colons and spaces: all from the first quote to
    // the last is the value, and so is the tail after the last `: `.
    let mut shown = match (message.find('"'), message.rfind('"')) {
        (Some(first), Some(last)) if first < last => {
            format!("{}\"***\"{}", &message[..first], &message[last + 1..])
        }
        _ => message.to_owned(),
    };
    if let Some(colon) = shown.rfind(": ") {
        if &shown[colon + 2..] != "\"***\"" {
            shown.replace_range(colon + 2.., "***");
        }
    }
    let words: Vec<&str> =
        shown.split(' ').map(|word| if is_hex_byte(word) { "***" } else { word }).collect();
    Cow::Owned(words.join(" "))
}

/// `0xe9`, as the server writes a byte it could not read.
fn is_hex_byte(word: &str) -> bool {
    word.strip_prefix("0x").is_some_and(|hex| !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `ERROR 23505: message (hint: ..)`: severity, SQLSTATE, the shown message and the hint.
pub(super) fn summary(db: &DbError) -> String {
    let mut text = format!("{} {}: {}", db.severity(), db.code().code(), shown_message(db));
    if let Some(hint) = db.hint() {
        text.push_str(&format!(" (hint: {hint})"));
    }
    text
}

/// The server's summary, or the driver's own words with their causes.
pub(super) fn describe(err: &tokio_postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => summary(db),
        None => with_causes(err),
    }
}

/// `error: cause: cause`, so that "error connecting to server" says why; a server error
/// among the causes is written as its [`summary`].
pub(super) fn with_causes(err: &(dyn StdError + 'static)) -> String {
    let mut text = err.to_string();
    let mut next = err.source();
    while let Some(cause) = next {
        let cause_text = match cause.downcast_ref::<DbError>() {
            Some(db) => summary(db),
            None => cause.to_string(),
        };
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        next = cause.source();
    }
    text
}

/// The first server error in `err`'s chain of causes, `err` included.
pub(super) fn find_db_error<'e>(err: &'e (dyn StdError + 'static)) -> Option<&'e DbError> {
    let mut next = Some(err);
    while let Some(current) = next {
        if let Some(db) = current.downcast_ref::<DbError>() {
            return Some(db);
        }
        next = current.source();
    }
    None
}

/// A server error for `Debug`: SQLSTATE, the shown message and the names it gives
/// (schema, table, column, type, constraint); never DETAIL, CONTEXT or a value.
pub(super) struct ServerSummary<'a>(pub(super) &'a DbError);

impl fmt::Debug for ServerSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let db = self.0;
        let mut out = f.debug_struct("DbError");
        out.field("severity", &db.severity()).field("code", &db.code().code());
        out.field("message", &shown_message(db));
        let names = [
            ("schema", db.schema()),
            ("table", db.table()),
            ("column", db.column()),
            ("datatype", db.datatype()),
            ("constraint", db.constraint()),
            ("hint", db.hint()),
        ];
        for (name, value) in names {
            if let Some(value) = value {
                out.field(name, &value);
            }
        }
        out.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::without_values;

    #[test]
    fn data_exceptions_lose_the_values_they_quote() {
        for (code, message, shown) in [
            (
                "22P02",
                r#"invalid input syntax for type integer: "s3cret""#,
                r#"invalid input syntax for type integer: "***""#,
            ),
            (
                "22P02",
                r#"invalid input value for enum mood: "s3 "cret: x""#,
                r#"invalid input value for enum mood: "***""#,
            ),
            ("22P02", r#"malformed array literal: "{s3cret""#, r#"malformed array literal: "***""#),
            ("22P02", "invalid input syntax for type json", "invalid input syntax for type json"),
            (
                "22003",
                r#"value "99999" is out of range for type smallint"#,
                r#"value "***" is out of range for type smallint"#,
            ),
            (
                "22008",
                r#"date/time field value out of range: "2024-02-31""#,
                r#"date/time field value out of range: "***""#,
            ),
            (
                "22021",
                r#"invalid byte sequence for encoding "UTF8": 0xe9 0x80"#,
                r#"invalid byte sequence for encoding "***": ***"#,
            ),
            (
                "22P05",
                r#"character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1""#,
                r#"character with byte sequence *** *** *** in encoding "***""#,
            ),
            (
                "22023",
                r#"invalid value for parameter "TimeZone": "s3cret""#,
                r#"invalid value for parameter "***""#,
            ),
            ("2201B", "invalid regular expression: s3cret", "invalid regular expression: ***"),
            (
                "22001",
                "value too long for type character varying(5)",
                "value too long for type character varying(5)",
            ),
            ("22012", "division by zero", "division by zero"),
        ] {
            assert_eq!(without_values(code, message), shown, "{code} {message}");
        }
    }

    #[test]
    fn other_messages_keep_the_names_they_quote() {
        for (code, message) in [
            ("23505", r#"duplicate key value violates unique constraint "users_email_key""#),
            ("23514", r#"new row for relation "users" violates check constraint "users_score_check""#),
            ("23502", r#"null value in column "name" of relation "users" violates not-null constraint"#),
            ("42P01", r#"relation "no_such_table" does not exist"#),
            ("42703", r#"column "x" of relation "y" does not exist"#),
        ] {
            assert_eq!(without_values(code, message), message);
        }
    }
}
