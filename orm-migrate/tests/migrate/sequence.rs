//! Nine schema versions migrate an empty and a filled database to one schema,
//! keeping every row and value the steps did not drop.

use orm::Executor;
use orm::testing::TestDb;
use orm_migrate::{Migrator, Snapshot, introspect};

use crate::support::{TempDir, cli};
use crate::versions;

async fn migrate(dir: &TempDir, db: &TestDb) {
    Migrator::from_dir(dir.path()).expect("a valid directory").run(db.db()).await.expect("migrations apply");
}

#[tokio::test]
async fn nine_versions_reach_one_schema_from_empty_and_filled_databases() {
    let dir = TempDir::new("sequence");
    let empty = TestDb::new().await;
    let filled = TestDb::new().await;
    for (at, schema) in versions::all().iter().enumerate() {
        let name = format!("v{}", at + 1);
        let mut args = vec!["generate", &name, "--dir", dir.str()];
        if name == "v8" {
            // Dropping users.legacy deletes data: refused, nothing written.
            let refused = cli(schema, &args);
            assert_eq!(refused.code, 3, "{refused:?}");
            assert!(refused.err.contains(r#"drop column "users"."legacy""#), "{}", refused.err);
            assert_eq!(dir.migrations().len(), 7);
            args.push("--allow-data-loss");
        }
        let run = cli(schema, &args);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert_eq!(dir.migrations().len(), at + 1, "{name} wrote one migration");
        migrate(&dir, &empty).await;
        migrate(&dir, &filled).await;
        fill(&filled, &name).await;
        let check = cli(schema, &["check", "--dir", dir.str()]);
        assert_eq!(check.code, 0, "{name}: {check:?}");
    }

    let expected = Snapshot::from_schema(&versions::v9::schema()).without_rename_hints();
    let from_empty = introspect(empty.db()).await.expect("introspect");
    let from_filled = introspect(filled.db()).await.expect("introspect");
    assert_eq!(from_empty.to_json(), expected.to_json());
    assert_eq!(from_filled.to_json(), expected.to_json());

    let users = rows(&filled, "SELECT email || '|' || display_name || '|' || role::text || '|' || score || '|' || coalesce(bio, '-') FROM users ORDER BY id").await;
    assert_eq!(
        users,
        [
            "ada@example.com|Ada|admin|3|-",
            "bob@example.com|Bob|member|0|likes 'quotes' and \\backslashes",
            "cy@example.com|Cy|guest|10|-",
        ]
    );
    let articles = rows(
        &filled,
        "SELECT a.title || '|' || u.email FROM articles a JOIN users u ON u.id = a.author_id ORDER BY a.id",
    )
    .await;
    assert_eq!(articles, ["Hello|ada@example.com", "Again|bob@example.com"]);
    let tags = rows(&filled, "SELECT label FROM tags").await;
    assert_eq!(tags, ["intro"]);
}

/// Rows written between versions, with the columns each version has.
async fn fill(db: &TestDb, version: &str) {
    let sql = match version {
        "v1" => {
            "INSERT INTO users (email, name, role, score, legacy) VALUES \
                 ('ada@example.com', 'Ada', 'admin', 3, 'old'), ('bob@example.com', 'Bob', DEFAULT, DEFAULT, NULL); \
             INSERT INTO posts (author_id, title) VALUES (1, 'Hello'), (2, 'Again');"
        }
        "v2" => {
            r"UPDATE users SET bio = E'likes ''quotes'' and \\backslashes' WHERE email = 'bob@example.com';"
        }
        "v6" => "INSERT INTO users (email, display_name, role) VALUES ('cy@example.com', 'Cy', 'guest');",
        "v9" => "INSERT INTO tags (article_id, label) VALUES (1, 'intro');",
        _ => return,
    };
    db.db().batch_execute(sql).await.expect("fill");
}

async fn rows(db: &TestDb, sql: &str) -> Vec<String> {
    let client = db.db().pool().get().await.expect("a connection");
    client.query(sql, &[]).await.expect("query").iter().map(|r| r.get::<_, String>(0)).collect()
}
