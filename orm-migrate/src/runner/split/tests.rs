//! The splitter on each quoting form of PostgreSQL's lexer, one test per form.

use super::{PlainStrings, Statements, statements};

/// The statements of `sql` as the default server reads them.
fn split_statements(sql: &str) -> Vec<&str> {
    statements(sql, PlainStrings::Standard).collect()
}

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

#[test]
fn a_plain_string_doubles_its_quotes_and_takes_backslashes_literally() {
    // standard_conforming_strings on: `'a\'` ends at its second quote.
    assert_eq!(
        split_statements(r"SELECT 'a\'; SELECT 'it''s; \'; SELECT 2"),
        [r"SELECT 'a\'", r"SELECT 'it''s; \'", "SELECT 2"]
    );
}

#[test]
fn without_standard_conforming_strings_a_plain_string_takes_backslash_escapes() {
    let sql = r"SELECT 'a\'; b', B'1\'; SELECT 'c\\'; SELECT 2";
    let off: Vec<_> = statements(sql, PlainStrings::BackslashEscapes).collect();
    // A bit string never takes escapes: its `\` is (an invalid) bit, its quote ends it.
    assert_eq!(off, [r"SELECT 'a\'; b', B'1\'", r"SELECT 'c\\'", "SELECT 2"]);
    assert_eq!(PlainStrings::from_setting("off"), PlainStrings::BackslashEscapes);
    assert_eq!(PlainStrings::from_setting("on"), PlainStrings::Standard);
}

#[test]
fn the_string_syntax_can_change_between_statements() {
    let sql = r"SET standard_conforming_strings = off; SELECT 'a\'; b'; SELECT 'c\'";
    let mut script = Statements::new(sql);
    assert_eq!(script.next(PlainStrings::Standard), Some("SET standard_conforming_strings = off"));
    assert_eq!(script.next(PlainStrings::BackslashEscapes), Some(r"SELECT 'a\'; b'"));
    assert_eq!(script.next(PlainStrings::Standard), Some(r"SELECT 'c\'"));
    assert_eq!(script.next(PlainStrings::Standard), None);
}

#[test]
fn an_escape_string_takes_escaped_backslashes_and_quotes() {
    let sql = r"SELECT E'\\'; SELECT E'\\\'; x', e'\x41\n'; SELECT 2";
    assert_eq!(split_statements(sql), [r"SELECT E'\\'", r"SELECT E'\\\'; x', e'\x41\n'", "SELECT 2"]);
    // `E` prefixes only on its own: after a dollar quote too, not at the end of a word.
    assert_eq!(split_statements(r"SELECT $$x$$E'\'; y'"), [r"SELECT $$x$$E'\'; y'"]);
    assert_eq!(split_statements(r"SELECT note'\'; SELECT 2"), [r"SELECT note'\'", "SELECT 2"]);
}

#[test]
fn a_continuation_may_cross_comments_and_any_line_break() {
    // The server reads each as one constant `ab'; c`: the gap holds a line break, with
    // `--` comments before or after it (`scan.l`'s `whitespace_with_newline`).
    for sql in [
        "SELECT E'a' -- note; it's\n'b\\'; c'; SELECT 2",
        "SELECT E'a'\n-- note; it's\n  'b\\'; c'; SELECT 2",
        "SELECT E'a'\r'b\\'; c'; SELECT 2",
        "SELECT E'a'\r\n\x0c\t'b\\'; c'; SELECT 2",
    ] {
        let statements = split_statements(sql);
        assert_eq!(statements.len(), 2, "{sql:?}: {statements:?}");
        assert!(statements[0].ends_with("c'"), "{sql:?}: {statements:?}");
    }
    // A block comment in the gap ends the constant (the server then refuses the
    // second string): the `'b\'` after it is a plain string.
    assert_eq!(split_statements("SELECT E'a' /* x */\n'b\\'; c'"), ["SELECT E'a' /* x */\n'b\\'", "c'"]);
}

#[test]
fn bit_and_unicode_strings_quote_like_plain_strings() {
    let sql = "SELECT B'01'\n'10', X'0f' 'x;', U&'d\\0061t;''' UESCAPE '!'; SELECT U&'a'\n'b;'; SELECT 2";
    assert_eq!(
        split_statements(sql),
        ["SELECT B'01'\n'10', X'0f' 'x;', U&'d\\0061t;''' UESCAPE '!'", "SELECT U&'a'\n'b;'", "SELECT 2"]
    );
    // `N'..'` is the keyword `N` and a plain string.
    assert_eq!(split_statements("SELECT N'a;''b'; SELECT 2"), ["SELECT N'a;''b'", "SELECT 2"]);
}

#[test]
fn unicode_identifiers_double_their_quotes() {
    let sql = r#"SELECT 1 AS U&"a;""\0062" UESCAPE '\', 2 AS u&"--"; SELECT 2"#;
    assert_eq!(split_statements(sql), [r#"SELECT 1 AS U&"a;""\0062" UESCAPE '\', 2 AS u&"--""#, "SELECT 2"]);
}

#[test]
fn a_dollar_starts_a_quote_only_where_a_word_cannot_continue() {
    // `a$b$c` and `x$$` are identifiers; `$1` is a parameter, and a `$$` right after it
    // or after a number opens a quote.
    let sql =
        "SELECT 1 AS a$b$c, 2 AS x$$, $$;$$; SELECT $1$$;$$, 1$q$;$q$; SELECT $x$ $$; $y$ $x$; SELECT 2";
    assert_eq!(
        split_statements(sql),
        [
            "SELECT 1 AS a$b$c, 2 AS x$$, $$;$$",
            "SELECT $1$$;$$, 1$q$;$q$",
            "SELECT $x$ $$; $y$ $x$",
            "SELECT 2"
        ]
    );
    // A tag is not a digit first, and not a `$` alone.
    assert_eq!(split_statements("SELECT $1; SELECT $ 1; SELECT 2"), ["SELECT $1", "SELECT $ 1", "SELECT 2"]);
}

#[test]
fn comments_hold_quotes_and_semicolons_and_a_line_comment_ends_at_any_line_break() {
    let sql = "SELECT 1 /* it's; /* \"x; */ $$; */ -- it's; $$\n; SELECT 2 --c\r; SELECT 3 - -4";
    assert_eq!(
        split_statements(sql),
        ["SELECT 1 /* it's; /* \"x; */ $$; */ -- it's; $$", "SELECT 2 --c", "SELECT 3 - -4"]
    );
    // `--` and `/*` always start a comment outside quotes, even inside an operator.
    assert_eq!(
        split_statements("SELECT 2*/*;*/3 +--;\n1; SELECT 2"),
        ["SELECT 2*/*;*/3 +--;\n1", "SELECT 2"]
    );
    // .. and never inside strings or quoted identifiers.
    assert_eq!(split_statements(r#"SELECT '--', "/*"; SELECT 2"#), [r#"SELECT '--', "/*""#, "SELECT 2"]);
}
