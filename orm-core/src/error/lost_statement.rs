//! Telling a transaction pooler's work apart: the server lost, or already had, one of
//! tokio-postgres's own prepared statements.

use tokio_postgres::error::{DbError, SqlState};

/// Whether the server refused a prepared statement of tokio-postgres's own (named
/// `s<N>`) as missing (SQLSTATE 26000, "prepared statement "s3" does not exist") or as
/// already there (42P05): what happens when a transaction pooler hands the session's
/// next transaction to another server session.
///
/// Told by SQLSTATE and routine, which do not depend on the server's language, and by
/// the statement's name in the message.
pub(crate) fn is_lost_statement(err: &tokio_postgres::Error) -> bool {
    err.as_db_error().is_some_and(lost_or_duplicate)
}

fn lost_or_duplicate(db: &DbError) -> bool {
    classify(db.code(), db.routine(), db.message())
}

fn classify(code: &SqlState, routine: Option<&str>, message: &str) -> bool {
    let expected_routine = match *code {
        SqlState::INVALID_SQL_STATEMENT_NAME => "FetchPreparedStatement",
        SqlState::DUPLICATE_PSTATEMENT => "StorePreparedStatement",
        _ => return false,
    };
    routine.is_none_or(|routine| routine == expected_routine) && names_driver_statement(message)
}

/// Whether `message` quotes a name `s<digits>` (in any language's quotation marks).
fn names_driver_statement(message: &str) -> bool {
    let bytes = message.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        let digits = bytes[at + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        let before_is_word = at > 0 && is_word(bytes[at - 1]);
        let after_is_word = bytes.get(at + 1 + digits).is_some_and(|&next| is_word(next));
        b == b's' && digits > 0 && !before_is_word && !after_is_word
    })
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_or_duplicate_driver_statement_is_the_poolers_doing() {
        let missing = SqlState::INVALID_SQL_STATEMENT_NAME;
        let duplicate = SqlState::DUPLICATE_PSTATEMENT;
        assert!(classify(
            &missing,
            Some("FetchPreparedStatement"),
            "prepared statement \"s3\" does not exist"
        ));
        assert!(classify(
            &duplicate,
            Some("StorePreparedStatement"),
            "prepared statement \"s0\" already exists"
        ));
        assert!(classify(&missing, None, "vorbereitete Anweisung »s12« existiert nicht"));
    }

    #[test]
    fn the_applications_own_statements_and_other_errors_are_not() {
        let missing = SqlState::INVALID_SQL_STATEMENT_NAME;
        assert!(!classify(&missing, None, "prepared statement \"report\" does not exist"));
        assert!(!classify(&missing, None, "prepared statement \"s\" does not exist"));
        assert!(!classify(&missing, None, "prepared statement \"s3x\" does not exist"));
        assert!(!classify(&missing, None, "prepared statement \"stmts3\" does not exist"));
        assert!(!classify(&missing, Some("FetchPortal"), "portal \"s3\" does not exist"));
        assert!(!classify(&SqlState::SYNTAX_ERROR, None, "prepared statement \"s3\" does not exist"));
    }
}
