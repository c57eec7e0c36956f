//! Schema changes applied to a real database: each plan reaches its target (read
//! back by introspection), keeps the rows it should, and its down SQL returns to
//! where it started when every step can be undone.

use orm::Executor;
use orm::testing::TestDb;
use orm_migrate::{Snapshot, diff, introspect};

use crate::support::{TempDir, cli, texts, url_of};

/// Creates `before` on a fresh database and runs `fill`, then applies the plan to
/// `after` in one transaction and checks the result; undoes it when it can.
async fn migrate(before: &orm::Schema, fill: &str, after: &orm::Schema) -> TestDb {
    let db = TestDb::with_schema(&orm_migrate::create_sql(before)).await;
    if !fill.is_empty() {
        db.batch_execute(fill).await.expect("fill");
    }
    let (from, to) = (Snapshot::from_schema(before), Snapshot::from_schema(after));
    let plan = diff(&from, &to);
    assert!(!plan.is_empty());
    db.batch_execute(&format!("BEGIN;\n{}COMMIT;", plan.up_sql())).await.unwrap_or_else(|e| {
        panic!("{e}\n{}", plan.up_sql());
    });
    let found = introspect(db.db()).await.expect("introspect");
    assert_eq!(by_name(found.clone()), by_name(to.clone().without_rename_hints()));
    let settled = to.without_rename_hints();
    assert!(diff(&found, &settled).is_empty(), "{}", diff(&found, &settled).up_sql());
    db
}

/// The snapshot as JSON with columns by name: a rename keeps a column's place.
fn by_name(mut snapshot: Snapshot) -> String {
    for table in &mut snapshot.tables {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    snapshot.to_json()
}

/// Applies the plan's down SQL and checks the database is `before` again.
async fn undo(db: &TestDb, before: &orm::Schema, after: &orm::Schema) {
    let plan = diff(&Snapshot::from_schema(before), &Snapshot::from_schema(after));
    assert_eq!(plan.irreversible().count(), 0);
    db.batch_execute(&format!("BEGIN;\n{}COMMIT;", plan.down_sql())).await.expect("down SQL");
    let found = introspect(db.db()).await.expect("introspect");
    assert_eq!(by_name(found), by_name(Snapshot::from_schema(before).without_rename_hints()));
}

mod names {
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "people")]
    pub struct Before {
        #[column(primary_key)]
        pub id: i32,
        pub first_name: String,
        pub last_name: String,
    }

    #[derive(Table)]
    #[table(name = "people")]
    pub struct Swapped {
        #[column(primary_key)]
        pub id: i32,
        #[column(renamed_from = "last_name")]
        pub first_name: String,
        #[column(renamed_from = "first_name")]
        pub last_name: String,
    }
}

#[tokio::test]
async fn swapping_two_column_names_moves_the_values_with_them() {
    let (before, after) = (orm::schema![names::Before], orm::schema![names::Swapped]);
    let db = migrate(&before, "INSERT INTO people VALUES (1, 'Ada', 'Lovelace')", &after).await;
    assert_eq!(texts(&db, "SELECT first_name || ' ' || last_name FROM people").await, ["Lovelace Ada"]);
    undo(&db, &before, &after).await;
    assert_eq!(texts(&db, "SELECT first_name || ' ' || last_name FROM people").await, ["Ada Lovelace"]);
    // Once the snapshot carries the hints, the same code diffs to nothing.
    let applied = Snapshot::from_schema(&after);
    assert!(diff(&applied, &applied).is_empty());
}

mod moods {
    use orm::prelude::*;

    #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
    #[pg_enum(name = "mood")]
    pub enum Mood {
        Happy,
        Meh,
        Sad,
    }

    #[derive(Table)]
    #[table(name = "days")]
    #[index(columns(id), name = "happy_days", where = "m = 'happy'")]
    pub struct Day {
        #[column(primary_key)]
        pub id: i32,
        #[column(default = "meh", check = "(m <> 'happy') OR (id > 0)")]
        pub m: Mood,
        pub history: Vec<Mood>,
    }

    pub mod fewer {
        use orm::prelude::*;

        #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
        #[pg_enum(name = "mood")]
        pub enum Mood {
            Happy,
            Meh,
        }

        #[derive(Table)]
        #[table(name = "days")]
        #[index(columns(id), name = "happy_days", where = "m = 'happy'")]
        pub struct Day {
            #[column(primary_key)]
            pub id: i32,
            #[column(default = "meh", check = "(m <> 'happy') OR (id > 0)")]
            pub m: Mood,
            pub history: Vec<Mood>,
        }
    }

    pub mod colors {
        use orm::prelude::*;

        #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
        #[pg_enum(name = "color")]
        pub enum Color {
            Happy,
            Meh,
            Sad,
        }

        #[derive(Table)]
        #[table(name = "days")]
        pub struct Day {
            #[column(primary_key)]
            pub id: i32,
            pub m: Color,
            pub history: Vec<Color>,
        }
    }
}

#[tokio::test]
async fn removing_an_enum_value_rebuilds_the_type_with_its_defaults_checks_and_indexes() {
    let fill = "INSERT INTO days VALUES (1, 'happy', '{happy,meh}'), (2, DEFAULT, '{}')";
    let db = migrate(&orm::schema![moods::Day], fill, &orm::schema![moods::fewer::Day]).await;
    let rows = "SELECT id || ' ' || m || ' ' || history::text FROM days ORDER BY id";
    assert_eq!(texts(&db, rows).await, ["1 happy {happy,meh}", "2 meh {}"]);
}

#[tokio::test]
async fn a_column_moves_from_one_enum_type_to_another_through_its_text() {
    let (before, after) = (orm::schema![moods::Day], orm::schema![moods::colors::Day]);
    let fill = "INSERT INTO days VALUES (1, 'sad', '{happy,sad}')";
    let db = migrate(&before, fill, &after).await;
    assert_eq!(texts(&db, "SELECT m::text || ' ' || history::text FROM days").await, ["sad {happy,sad}"]);
}

#[tokio::test]
async fn a_value_added_and_used_at_once_gets_a_migration_of_its_own() {
    let dir = TempDir::new("enum-values");
    let db = TestDb::new().await;
    let url = url_of(&db);
    assert_eq!(cli(&orm::schema![moods::fewer::Day], &["generate", "init", "--dir", dir.str()]).code, 0);
    // The next version adds `sad` and makes it the default.
    mod next {
        pub use super::moods::Mood;
        use orm::prelude::*;
        #[derive(Table)]
        #[table(name = "days")]
        #[index(columns(id), name = "happy_days", where = "m = 'happy'")]
        pub struct Day {
            #[column(primary_key)]
            pub id: i32,
            #[column(default = "sad", check = "(m <> 'happy') OR (id > 0)")]
            pub m: Mood,
            pub history: Vec<Mood>,
        }
    }
    let run = cli(&orm::schema![next::Day], &["generate", "sadder", "--dir", dir.str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let names = dir.migrations();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[1].ends_with("_sadder_enum_values") && names[2].ends_with("_sadder"), "{names:?}");
    let migrate = cli(&orm::schema![next::Day], &["migrate", "--dir", dir.str(), "--database-url", &url]);
    assert_eq!(migrate.code, 0, "{migrate:?}");
    db.batch_execute("INSERT INTO days (id, history) VALUES (1, '{}')").await.expect("insert");
    assert_eq!(texts(&db, "SELECT m::text FROM days").await, ["sad"]);
    assert_eq!(cli(&orm::schema![next::Day], &["check", "--dir", dir.str()]).code, 0);
}

mod cycle {
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "codes")]
    pub struct Code {
        #[column(primary_key)]
        pub id: i32,
    }

    #[derive(Table)]
    #[table(name = "a")]
    pub struct A {
        #[column(primary_key)]
        pub id: i32,
        #[column(references(B::ID))]
        pub b_id: Option<i32>,
    }

    #[derive(Table)]
    #[table(name = "b")]
    pub struct B {
        #[column(primary_key)]
        pub id: i32,
        #[column(references(A::ID))]
        pub a_id: Option<i32>,
    }
}

#[tokio::test]
async fn tables_referencing_each_other_are_dropped_together() {
    let fill = "INSERT INTO a VALUES (1, NULL); INSERT INTO b VALUES (1, 1); UPDATE a SET b_id = 1";
    let db = migrate(&orm::schema![cycle::Code, cycle::A, cycle::B], fill, &orm::schema![cycle::Code]).await;
    assert!(
        texts(&db, "SELECT tablename::text FROM pg_tables WHERE tablename IN ('a', 'b')").await.is_empty()
    );
}

mod not_null {
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "notes")]
    pub struct Nullable {
        #[column(primary_key)]
        pub id: i32,
        pub body: Option<String>,
    }

    #[derive(Table)]
    #[table(name = "notes")]
    pub struct Required {
        #[column(primary_key)]
        pub id: i32,
        pub body: String,
    }

    #[derive(Table)]
    #[table(name = "notes")]
    pub struct Defaulted {
        #[column(primary_key)]
        pub id: i32,
        #[column(default = "(empty)")]
        pub body: String,
    }
}

#[tokio::test]
async fn not_null_is_refused_while_nulls_remain_and_a_default_fills_them() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![not_null::Nullable])).await;
    db.batch_execute("INSERT INTO notes VALUES (1, 'kept'), (2, NULL), (3, NULL)").await.expect("rows");
    let url = url_of(&db);
    let refused = cli(&orm::schema![not_null::Required], &["push", "--database-url", &url]);
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(refused.err.contains("fails: 2 rows hold NULL"), "{}", refused.err);
    db.batch_execute("UPDATE notes SET body = 'set' WHERE body IS NULL").await.expect("update");
    assert_eq!(cli(&orm::schema![not_null::Required], &["push", "--database-url", &url]).code, 0);

    let fill = "INSERT INTO notes VALUES (1, 'kept'), (2, NULL)";
    let db = migrate(&orm::schema![not_null::Nullable], fill, &orm::schema![not_null::Defaulted]).await;
    assert_eq!(texts(&db, "SELECT body FROM notes ORDER BY id").await, ["kept", "(empty)"]);
}

#[tokio::test]
async fn push_refuses_a_rename_hint_it_cannot_resolve() {
    let db = TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![names::Before])).await;
    let run = cli(&orm::schema![names::Swapped], &["push", "--database-url", &url_of(&db)]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.err.contains("both exist"), "{}", run.err);
}

mod defaults {
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "events")]
    pub struct Event {
        #[column(primary_key)]
        pub id: i32,
        #[column(default = "2024-01-31 12:00:00+02")]
        pub at: DateTime<Utc>,
        #[column(default = sql("now() + interval '1 day'"))]
        pub due: DateTime<Utc>,
    }
}

#[tokio::test]
async fn defaults_the_server_rewrites_read_back_as_the_code_wrote_them() {
    let schema = orm::schema![defaults::Event];
    let db = TestDb::with_schema(&orm_migrate::create_sql(&schema)).await;
    let found = introspect(db.db()).await.expect("introspect");
    let code = Snapshot::from_schema(&schema);
    assert!(diff(&found, &code).is_empty(), "{}", diff(&found, &code).up_sql());
}
