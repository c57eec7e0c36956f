//! Scenario 11: random query trees (proptest; cargo-fuzz needs a nightly toolchain this
//! suite does not assume) render to SQL that PostgreSQL accepts: PREPARE succeeds and
//! expects exactly as many parameters as the statement binds, and the statement runs.

use orm::Statement;
use orm::prelude::*;
use orm::render::SqlWriter;
use orm::testing::TestDb;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::{runtime, scaled};

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "fuzz items")]
pub struct Item {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(name = "Name \"quoted\"")]
    pub name: String,
    pub note: Option<String>,
    pub score: i32,
    pub ratio: Option<f64>,
    pub flag: bool,
}

/// A condition over `Item`, as data: proptest builds and shrinks it, `build` turns it
/// into the typed condition.
#[derive(Debug, Clone)]
enum Tree {
    Score(u8, i32),
    Name(u8, String),
    Ratio(u8, f64),
    Flag(bool),
    NoteNull(bool),
    InList(Vec<i32>, bool),
    Between(i32, i32),
    Text(u8, String),
    And(Box<Tree>, Box<Tree>),
    Or(Box<Tree>, Box<Tree>),
    Not(Box<Tree>),
}

fn build(tree: &Tree) -> Condition<Item> {
    match tree.clone() {
        Tree::Score(op, v) => match op % 6 {
            0 => Item::SCORE.eq(v),
            1 => Item::SCORE.ne(v),
            2 => Item::SCORE.lt(v),
            3 => Item::SCORE.le(v),
            4 => Item::SCORE.gt(v),
            _ => Item::SCORE.ge(v),
        },
        Tree::Name(op, v) => match op % 3 {
            0 => Item::NAME.eq(v),
            1 => Item::NAME.ne(v),
            _ => Item::NAME.gt(v),
        },
        Tree::Ratio(op, v) => match op % 2 {
            0 => Item::RATIO.lt(v),
            _ => Item::RATIO.ge(v),
        },
        Tree::Flag(v) => Item::FLAG.eq(v),
        Tree::NoteNull(null) => {
            if null {
                Item::NOTE.is_null()
            } else {
                Item::NOTE.is_not_null()
            }
        }
        Tree::InList(values, negated) => {
            if negated {
                Item::SCORE.not_in(values)
            } else {
                Item::SCORE.in_list(values)
            }
        }
        Tree::Between(lo, hi) => Item::SCORE.between(lo, hi),
        Tree::Text(op, text) => match op % 5 {
            0 => Item::NAME.like(text),
            1 => Item::NAME.ilike(text),
            2 => Item::NAME.contains(text),
            3 => Item::NOTE.starts_with(text),
            _ => Item::NOTE.ends_with(text),
        },
        Tree::And(a, b) => build(&a).and(build(&b)),
        Tree::Or(a, b) => build(&a).or(build(&b)),
        Tree::Not(a) => build(&a).not(),
    }
}

impl Tree {
    /// Whether the tree holds a raw LIKE pattern PostgreSQL refuses (one ending in a
    /// lone backslash, the escape character): orm refuses it before sending.
    fn has_refused_pattern(&self) -> bool {
        match self {
            Tree::Text(op, text) if op % 5 < 2 => {
                text.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
            }
            Tree::And(a, b) | Tree::Or(a, b) => a.has_refused_pattern() || b.has_refused_pattern(),
            Tree::Not(a) => a.has_refused_pattern(),
            _ => false,
        }
    }
}

/// Text that would break a statement if it were ever spliced into SQL.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'; DROP TABLE \"fuzz items\"; --".to_owned()),
        Just("$1 $2 ? %s".to_owned()),
        Just("\\' \" \\\\".to_owned()),
        "[a-z%_\\\\' ]{0,8}",
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        (any::<u8>(), any::<i32>()).prop_map(|(op, v)| Tree::Score(op, v)),
        (any::<u8>(), hostile_text()).prop_map(|(op, v)| Tree::Name(op, v)),
        (any::<u8>(), -1e6..1e6f64).prop_map(|(op, v)| Tree::Ratio(op, v)),
        any::<bool>().prop_map(Tree::Flag),
        any::<bool>().prop_map(Tree::NoteNull),
        (proptest::collection::vec(any::<i32>(), 0..5), any::<bool>()).prop_map(|(v, n)| Tree::InList(v, n)),
        (any::<i32>(), any::<i32>()).prop_map(|(lo, hi)| Tree::Between(lo, hi)),
        (any::<u8>(), hostile_text()).prop_map(|(op, v)| Tree::Text(op, v)),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Tree::Not(Box::new(a))),
        ]
    })
}

/// The statement's SQL and how many values it binds.
fn rendered(statement: &impl Statement) -> (String, usize) {
    let mut w = SqlWriter::new();
    statement.render_part(0, &mut w);
    let count = w.param_count();
    (w.finish().0, count)
}

#[test]
fn random_query_trees_render_sql_that_postgresql_prepares_with_the_expected_parameters() {
    let rt = runtime();
    let db = rt.block_on(TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Item])));
    let (client, connection) =
        rt.block_on(db.config().connect(tokio_postgres::NoTls)).expect("a raw connection");
    rt.spawn(connection);
    rt.block_on(async {
        let rows = (0..20).map(|i| NewItem {
            name: format!("item {i}"),
            note: (i % 3 != 0).then(|| format!("note {i}")),
            score: i * 7 - 50,
            ratio: (i % 2 == 0).then_some(f64::from(i) / 3.0),
            flag: i % 2 == 0,
        });
        Item::insert_many(rows).execute(db.db()).await.unwrap();
    });

    let case = (tree(), 0u8..4, proptest::option::of(0u64..30), proptest::option::of(0u64..30));
    let mut runner = TestRunner::new(Config { cases: scaled(256, 10_000) as u32, ..Config::default() });
    runner
        .run(&case, |(tree, order, limit, offset)| {
            let mut select = Item::select().filter(build(&tree));
            select = match order {
                0 => select,
                1 => select.order_by(Item::SCORE.desc()),
                2 => select.order_by((Item::NAME, Item::ID.desc())),
                _ => select.order_by(Item::RATIO.asc().nulls_first()),
            };
            if let Some(n) = limit {
                select = select.limit(n);
            }
            if let Some(n) = offset {
                select = select.offset(n);
            }
            let update = Item::update().set(Item::NOTE, "fuzzed").filter(build(&tree));
            let delete = Item::delete().filter(build(&tree));
            rt.block_on(async {
                for (sql, count) in [rendered(&select), rendered(&update), rendered(&delete)] {
                    let prepared = client.prepare(&sql).await.unwrap_or_else(|e| panic!("{e}\n{sql}"));
                    assert_eq!(prepared.params().len(), count, "parameters of\n{sql}");
                }
                // And it runs, through orm, with its values bound; a LIKE pattern the
                // server would refuse is refused before anything is sent.
                if tree.has_refused_pattern() {
                    let err = select.all(db.db()).await.unwrap_err();
                    assert!(matches!(err, orm::Error::InvalidQuery(_)), "{err:?}");
                    return;
                }
                select.all(db.db()).await.unwrap();
                let outcome = db
                    .db()
                    .transaction(async |tx| {
                        update.execute(tx).await?;
                        delete.execute(tx).await?;
                        Err::<(), _>(orm::Error::NotFound) // roll back: the rows stay for the next case
                    })
                    .await;
                assert!(matches!(outcome, Err(orm::Error::NotFound)), "{outcome:?}");
            });
            Ok(())
        })
        .unwrap();
}
