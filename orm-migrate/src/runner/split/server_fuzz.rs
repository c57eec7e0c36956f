//! The splitter against the server's own lexer (RELIABILITY.md, scenario 16).
//!
//! Statements are generated from every quoting form PostgreSQL has, with content
//! that would end a statement, a string or a comment if misread, and joined into a
//! migration by `;`, whitespace and comments. The migration is split, and each piece
//! is prepared by the server on a raw connection: a piece holding two statements fails
//! ("cannot insert multiple commands into a prepared statement"), a piece cut inside
//! one fails as a syntax error. Each generated statement is first prepared on its own,
//! so the generator cannot hide a defect behind invalid SQL. CI size by default;
//! `ORM_RELIABILITY_FULL=1` runs the full size.

use orm::testing::TestDb;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};
use tokio_postgres::{Client, NoTls};

use super::{PlainStrings, statements};
use crate::Migration;

/// Inside `'..'` with `standard_conforming_strings` on: a backslash is a character.
const PLAIN: &[&str] = &[
    ";", "''", "\"", "\\", "$$", "$q$", "--", "/*", "*/", "\n", "\r\n", " ", "a", "é", "(", ")", "BEGIN",
    "END", "E",
];
/// Inside `E'..'`, and `'..'` with `standard_conforming_strings` off: backslash escapes.
const ESCAPED: &[&str] = &[
    "\\\\", "\\'", "''", "\\n", "\\x41", "\\101", "\\u00e9", "\\;", "\\\n", ";", "\"", "$$", "--", "/*",
    "*/", "\n", " ", "a", "é", ")", "END",
];
/// Inside `U&'..'`: `\` starts a Unicode escape (`!` instead, with `UESCAPE '!'`).
const UNICODE: &[&str] =
    &["\\\\", "\\0061", "\\+0000e9", "''", ";", "\"", "$$", "--", "/*", "*/", "\n", " ", "a", "é", ")"];
/// Inside `".."` and `U&".."` (after a first letter: an identifier is never empty).
const IDENTIFIER: &[&str] =
    &[";", "\"\"", "'", "\\\\", "\\0061", "$$", "--", "/*", "*/", " ", "a", "é", "E'", "\n"];
/// Inside a dollar quote (a body that would close it early is made `$`-free).
const DOLLAR: &[&str] = &[
    ";", "'", "\"", "\\", "$", "$$", "$1", "$r$", "$q", "--", "/*", "*/", "\n", " ", "a", "é", "BEGIN", "END",
];
const BITS: &[&str] = &["0", "1", "01"];
const HEX: &[&str] = &["0", "f", "A9"];
const TAGS: &[&str] = &["", "q", "tag_1", "é"];
/// Between the parts of a continued string: at least one line break, `--` comments allowed.
const CONTINUATIONS: &[&str] = &["\n", "\r\n  ", " -- it's; $$\n", "\n-- /* ;\n\t", "\r", " --;\r"];
/// Between the tokens of a statement.
const GAPS: &[&str] =
    &[" ", "\n", "\t", " /* it's; $$ /* \"nested\" */ -- */ ", " -- it's; /* $$\n", " -- ; '\r"];
/// After the `;` that ends a statement (comments there begin the next piece).
const SEPARATORS: &[&str] = &[
    " ",
    "\n",
    "\n\n",
    " -- it's; $$ /*\n",
    "\n/* a; 'b' /* \"c\" $$ */ -- */\n",
    ";\n",
    " ; ",
    "\r\n",
    "-- ;\r",
];
const HEADERS: &[&str] =
    &["", "-- orm:no-transaction\n", "\u{feff}-- orm:no-transaction\n", "/* a; 'b' */\n", "\u{feff}"];
const ENDINGS: &[&str] = &[";", ";\n", ";\n-- the end; it's\n", "; /* done; */", ";;"];
/// Aliases a statement may use, besides quoted ones: words with `$`, and (outside a
/// function body, where psql's heuristic would count them) `begin`, `end`, `case`.
const WORDS: &[&str] = &["a$b$c", "x$$", "col$1", "é$"];
const BODY_WORDS: &[&str] = &["begin", "end", "case"];

fn text(fragments: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    vec(select(fragments), 0..max).prop_map(|parts| parts.concat())
}

/// `prefix'..'`, continued by one to three more `'..'` after a line break.
fn continued(prefix: &'static str, fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
    (vec(text(fragments, 6), 1..4), vec(select(CONTINUATIONS), 3)).prop_map(move |(parts, gaps)| {
        let mut constant = format!("{prefix}'{}'", parts[0]);
        for (part, gap) in parts[1..].iter().zip(gaps) {
            constant.push_str(&format!("{gap}'{part}'"));
        }
        constant
    })
}

/// `U&` followed by `quoted`, its escapes `\` or, with `UESCAPE '!'`, `!`.
fn unicode(quoted: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (quoted, any::<bool>()).prop_map(|(quoted, bang)| match bang {
        true => format!("U&{} UESCAPE '!'", quoted.replace('\\', "!")),
        false => format!("U&{quoted}"),
    })
}

fn dollar_quoted() -> impl Strategy<Value = String> {
    (select(TAGS), text(DOLLAR, 8)).prop_map(|(tag, mut body)| {
        let delimiter = format!("${tag}$");
        if format!("{body}{delimiter}").find(&delimiter) != Some(body.len()) {
            body = body.replace('$', "");
        }
        format!("{delimiter}{body}{delimiter}")
    })
}

/// A text constant of any form the server reads with `strings`.
fn constant(strings: PlainStrings) -> BoxedStrategy<String> {
    let plain = if strings == PlainStrings::Standard { PLAIN } else { ESCAPED };
    let mut forms = vec![
        continued("", plain).boxed(),
        continued("E", ESCAPED).boxed(),
        continued("e", ESCAPED).boxed(),
        continued("N", plain).boxed(),
        continued("B", BITS).prop_map(|bits| format!("CAST({bits} AS text)")).boxed(),
        continued("X", HEX).prop_map(|hex| format!("CAST({hex} AS text)")).boxed(),
        dollar_quoted().boxed(),
        Just("$1::text".to_owned()).boxed(),
    ];
    if strings == PlainStrings::Standard {
        // The server refuses `U&'..'` with standard_conforming_strings off.
        forms.push(unicode(continued("", UNICODE)).boxed());
    }
    proptest::strategy::Union::new(forms).boxed()
}

/// Constants in parentheses and concatenations, comments between the tokens.
fn expression(strings: PlainStrings) -> impl Strategy<Value = String> {
    constant(strings).prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| format!("({e})")),
            (inner.clone(), select(GAPS), inner).prop_map(|(a, gap, b)| format!("({a}{gap}||{gap}{b})")),
        ]
    })
}

fn alias(in_body: bool) -> impl Strategy<Value = String> {
    let mut words = WORDS.to_vec();
    if !in_body {
        words.extend_from_slice(BODY_WORDS);
    }
    let quoted = || text(IDENTIFIER, 5).prop_map(|body| format!("\"c{body}\""));
    prop_oneof![select(words).prop_map(str::to_owned), quoted(), unicode(quoted())]
}

/// `SELECT` and one to three columns, some named.
fn select_statement(strings: PlainStrings, in_body: bool) -> impl Strategy<Value = String> {
    let column = (expression(strings), select(GAPS), proptest::option::of(alias(in_body)))
        .prop_map(|(e, gap, alias)| alias.map_or(e.clone(), |alias| format!("{e}{gap}AS{gap}{alias}")));
    (vec(column, 1..4), select(GAPS)).prop_map(|(columns, gap)| format!("SELECT{gap}{}", columns.join(",\n")))
}

/// A `CREATE FUNCTION|PROCEDURE .. BEGIN ATOMIC .. END`, its statements ending in `;`.
fn atomic_routine(strings: PlainStrings) -> impl Strategy<Value = String> {
    let head = select(
        &[
            "CREATE FUNCTION pg_temp.f(x int) RETURNS text LANGUAGE sql",
            "CREATE /* ; */ OR -- ;\n REPLACE FUNCTION pg_temp.f(x int) RETURNS text LANGUAGE sql",
            "create procedure pg_temp.p(x int) language sql",
        ][..],
    );
    let case = (expression(strings), expression(strings))
        .prop_map(|(a, b)| format!("SELECT CASE WHEN x > 0 THEN {a} ELSE {b} END"));
    let statement = prop_oneof![select_statement(strings, true), case];
    (head, vec((statement, select(GAPS)), 1..4), select(GAPS)).prop_map(|(head, body, gap)| {
        let body: String = body.into_iter().map(|(statement, gap)| format!("{statement};{gap}")).collect();
        format!("{head}{gap}BEGIN ATOMIC{gap}{body}END")
    })
}

/// A statement the server prepares on its own (DDL is only parsed when prepared).
fn statement(strings: PlainStrings) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select_statement(strings, false),
        2 => atomic_routine(strings),
        1 => expression(strings).prop_map(|e| format!("CREATE FUNCTION pg_temp.g() RETURNS text LANGUAGE sql RETURN {e}")),
        1 => dollar_quoted().prop_map(|body| format!("CREATE FUNCTION pg_temp.h() RETURNS text LANGUAGE sql AS {body}")),
        1 => dollar_quoted().prop_map(|body| format!("DO {body}")),
        1 => (select_statement(strings, false), select_statement(strings, false))
            .prop_map(|(a, b)| format!("CREATE RULE r AS ON INSERT TO t DO ALSO ({a}; {b})")),
    ]
}

/// A migration's SQL and the statements it was made of.
#[derive(Debug)]
struct Script {
    strings: PlainStrings,
    sql: String,
    statements: Vec<String>,
}

fn script() -> impl Strategy<Value = Script> {
    prop_oneof![3 => Just(PlainStrings::Standard), 1 => Just(PlainStrings::BackslashEscapes)].prop_flat_map(
        |strings| {
            let parts =
                (select(HEADERS), vec(statement(strings), 1..5), vec(select(SEPARATORS), 4), select(ENDINGS));
            parts.prop_map(move |(header, statements, separators, ending)| {
                let mut sql = header.to_owned();
                for (i, statement) in statements.iter().enumerate() {
                    if i > 0 {
                        sql.push_str(&format!(";{}", separators[i - 1]));
                    }
                    sql.push_str(statement);
                }
                sql.push_str(ending);
                Script { strings, sql, statements }
            })
        },
    )
}

/// Prepares `sql` on the raw connection: the server parses it as exactly one statement.
async fn prepare(client: &Client, sql: &str) -> Result<(), String> {
    client
        .prepare(sql)
        .await
        .map(drop)
        .map_err(|e| e.as_db_error().map_or(e.to_string(), |e| e.message().to_owned()))
}

/// `full` when `ORM_RELIABILITY_FULL=1`, else `ci`, as in the reliability suite.
fn scaled(ci: u32, full: u32) -> u32 {
    if std::env::var("ORM_RELIABILITY_FULL").is_ok_and(|v| v == "1") { full } else { ci }
}

#[test]
fn each_piece_the_splitter_cuts_is_one_statement_the_server_prepares() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let db = rt.block_on(TestDb::new());
    let (client, connection) = rt.block_on(db.config().connect(NoTls)).expect("a raw connection");
    rt.spawn(connection);

    let config = Config { cases: scaled(256, 10_000), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    runner
        .run(&script(), |script| {
            rt.block_on(async {
                let setting = if script.strings == PlainStrings::Standard { "on" } else { "off" };
                let set = format!("SET standard_conforming_strings = {setting}");
                client.batch_execute(&set).await.unwrap();
                for statement in &script.statements {
                    if let Err(e) = prepare(&client, statement).await {
                        panic!("the generator wrote a statement the server refuses ({e}):\n{statement}");
                    }
                }
                let migration = Migration::new(1, "fuzz", script.sql.clone());
                assert_eq!(migration.no_transaction(), script.sql.contains("orm:no-transaction"));
                let pieces: Vec<&str> = statements(migration.script(), script.strings).collect();
                for piece in &pieces {
                    if let Err(e) = prepare(&client, piece).await {
                        panic!("the server refuses a piece ({e}):\n{piece}\n\nsplit from:\n{}", script.sql);
                    }
                }
                assert_eq!(
                    pieces.len(),
                    script.statements.len(),
                    "{pieces:#?}\n\nsplit from:\n{}",
                    script.sql
                );
                for (piece, statement) in pieces.iter().zip(&script.statements) {
                    assert!(piece.ends_with(statement.as_str()), "{piece:?} is not {statement:?}");
                }
            });
            Ok(())
        })
        .unwrap();
}
