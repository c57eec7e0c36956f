//! JSONB operators on a real PostgreSQL: `->` / `->>` path access, containment `@>`,
//! key existence `?` / `?|` / `?&`, `jsonb_set` in updates, and the GIN index that
//! serves containment.

use orm::Sql;
use orm::prelude::*;
use orm::testing::TestDb;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub theme: String,
    pub beta: bool,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "accounts")]
#[index(columns(meta), using = gin)]
pub struct Account {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub name: String,
    pub meta: serde_json::Value,
    pub settings: Option<Json<Settings>>,
}

async fn accounts_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Account])).await
}

fn account(name: &str, meta: serde_json::Value, settings: Option<Settings>) -> NewAccount {
    NewAccount { name: name.to_owned(), meta, settings: settings.map(Json) }
}

/// `ada` and `eve` are premium, `bob` is free, `cy`'s plan is JSON `null`, `dee` has no plan.
async fn fixture() -> TestDb {
    let db = accounts_db().await;
    let rows = [
        account(
            "ada",
            json!({"plan": "premium", "limits": {"seats": 5}, "tags": ["a", "b"]}),
            Some(Settings { theme: "dark".into(), beta: true }),
        ),
        account(
            "bob",
            json!({"plan": "free", "limits": {"seats": 1}, "tags": []}),
            Some(Settings { theme: "light".into(), beta: false }),
        ),
        account("cy", json!({"plan": null}), None),
        account("dee", json!({}), None),
        account("eve", json!({"plan": "premium", "note": "it's"}), None),
    ];
    Account::insert_many(rows).execute(&*db).await.unwrap();
    db
}

/// The names of the accounts matching `cond`, sorted.
async fn matching(db: &Db, cond: Condition<Account>) -> Vec<String> {
    Account::select().columns(Account::NAME).filter(cond).order_by(Account::NAME).all(db).await.unwrap()
}

#[tokio::test]
async fn path_access_as_text_compares_like_a_text_column() {
    let db = fixture().await;
    let plan = || Account::META.get("plan").as_text();
    assert_eq!(matching(&db, plan().eq("premium")).await, ["ada", "eve"]);
    assert_eq!(
        matching(&db, plan().ne("premium")).await,
        ["bob"],
        "a missing or null plan is NULL, not unequal"
    );
    assert_eq!(
        matching(&db, plan().is_null()).await,
        ["cy", "dee"],
        "->> gives NULL for JSON null and for no key"
    );
    assert_eq!(matching(&db, plan().is_not_null()).await, ["ada", "bob", "eve"]);
    assert_eq!(matching(&db, plan().in_list(["free", "gold"])).await, ["bob"]);
    assert_eq!(matching(&db, plan().not_in(["free"])).await, ["ada", "eve"]);
    assert_eq!(matching(&db, plan().like("pre%")).await, ["ada", "eve"]);
    assert_eq!(matching(&db, plan().ilike("FREE")).await, ["bob"]);
    assert_eq!(matching(&db, plan().contains("emi")).await, ["ada", "eve"], "text `contains` on a path");
    assert_eq!(matching(&db, plan().starts_with("fr")).await, ["bob"]);

    assert_eq!(
        Account::select().filter(plan().eq("premium")).to_sql(),
        r#"SELECT "accounts"."id", "accounts"."name", "accounts"."meta", "accounts"."settings" FROM "accounts" WHERE "accounts"."meta" ->> $1 = $2"#
    );
}

#[tokio::test]
async fn path_access_yields_jsonb_that_chains_and_compares() {
    let db = fixture().await;
    assert_eq!(matching(&db, Account::META.get("plan").eq(json!("premium"))).await, ["ada", "eve"]);
    assert_eq!(
        matching(&db, Account::META.get("plan").is_null()).await,
        ["dee"],
        "-> keeps JSON null as a value; only a missing key is NULL"
    );
    assert_eq!(matching(&db, Account::META.get("plan").eq(json!(null))).await, ["cy"]);
    assert_eq!(matching(&db, Account::META.get("limits").get("seats").eq(json!(5))).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.get("limits").get("seats").gt(json!(2))).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.get("limits").get("seats").as_text().eq("1")).await, ["bob"]);
    assert_eq!(matching(&db, Account::META.get("tags").at(1).as_text().eq("b")).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.get("tags").at(-2).eq(json!("a"))).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.get("tags").at(0).is_null()).await, ["bob", "cy", "dee", "eve"]);
    assert_eq!(
        Account::select()
            .columns(Account::ID)
            .filter(Account::META.get("tags").at(1).as_text().eq("b"))
            .to_sql(),
        r#"SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."meta" -> $1 ->> $2::integer = $3"#
    );

    let picked: Vec<(String, Option<String>, Option<serde_json::Value>)> = Account::select()
        .columns((Account::NAME, Account::META.get("plan").as_text(), Account::META.get("limits")))
        .order_by(Account::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(
        picked,
        [
            ("ada".to_owned(), Some("premium".to_owned()), Some(json!({"seats": 5}))),
            ("bob".to_owned(), Some("free".to_owned()), Some(json!({"seats": 1}))),
            ("cy".to_owned(), None, None),
            ("dee".to_owned(), None, None),
            ("eve".to_owned(), Some("premium".to_owned()), None),
        ]
    );
    let by_seats: Vec<String> = Account::select()
        .columns(Account::NAME)
        .filter(Account::META.has_key("limits"))
        .order_by(Account::META.get("limits").get("seats").desc())
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(by_seats, ["ada", "bob"]);
}

#[tokio::test]
async fn contains_is_jsonb_containment_on_json_columns_and_like_on_text() {
    let db = fixture().await;
    assert_eq!(matching(&db, Account::META.contains(json!({"plan": "premium"}))).await, ["ada", "eve"]);
    assert_eq!(matching(&db, Account::META.contains(json!({"limits": {"seats": 5}}))).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.contains(json!({"tags": ["b"]}))).await, ["ada"]);
    assert_eq!(matching(&db, Account::META.contains(json!({}))).await, ["ada", "bob", "cy", "dee", "eve"]);
    assert_eq!(matching(&db, Account::META.get("tags").contains(json!(["a", "b"]))).await, ["ada"]);
    assert_eq!(
        matching(&db, Account::SETTINGS.contains(json!({"beta": true}))).await,
        ["ada"],
        "a NULL document contains nothing"
    );
    let full = Settings { theme: "light".into(), beta: false };
    assert_eq!(
        matching(&db, Account::SETTINGS.contains(Json(full))).await,
        ["bob"],
        "`Json(value)` is a document too"
    );
    assert_eq!(
        matching(&db, Account::NAME.contains("d")).await,
        ["ada", "dee"],
        "text `contains` is still LIKE"
    );

    assert_eq!(
        Account::select()
            .columns(Account::ID)
            .filter(Account::META.contains(json!({"plan": "premium"})))
            .to_sql(),
        r#"SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."meta" @> $1"#
    );
}

#[tokio::test]
async fn key_existence() {
    let db = fixture().await;
    assert_eq!(
        matching(&db, Account::META.has_key("plan")).await,
        ["ada", "bob", "cy", "eve"],
        "a null value is a key"
    );
    assert_eq!(
        matching(&db, Account::META.has_key("seats")).await,
        Vec::<String>::new(),
        "top-level keys only"
    );
    assert_eq!(matching(&db, Account::META.get("limits").has_key("seats")).await, ["ada", "bob"]);
    assert_eq!(matching(&db, Account::META.has_any_key(["note", "limits"])).await, ["ada", "bob", "eve"]);
    assert_eq!(matching(&db, Account::META.has_all_keys(["plan", "limits"])).await, ["ada", "bob"]);
    assert_eq!(matching(&db, Account::META.has_any_key(Vec::<String>::new())).await, Vec::<String>::new());
    assert_eq!(matching(&db, Account::META.has_all_keys(Vec::<String>::new())).await.len(), 5);
    assert_eq!(matching(&db, Account::SETTINGS.has_key("theme")).await, ["ada", "bob"]);
    assert_eq!(
        Account::select().columns(Account::ID).filter(Account::META.has_any_key(["a", "b"])).to_sql(),
        r#"SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."meta" ?| $1"#
    );
}

#[tokio::test]
async fn keys_and_values_are_bind_parameters() {
    let db = fixture().await;
    let hostile = "it's'; DROP TABLE accounts; --";
    Account::insert(account("mal", json!({ hostile: "x'y", "plan": hostile }), None))
        .execute(&*db)
        .await
        .unwrap();

    let query = Account::select().filter(Account::META.get(hostile).as_text().eq("x'y"));
    assert!(!query.to_sql().contains("DROP"), "the key is not in the text: {}", query.to_sql());
    assert_eq!(query.all(&*db).await.unwrap().len(), 1);
    assert_eq!(matching(&db, Account::META.get("plan").as_text().eq(hostile)).await, ["mal"]);
    assert_eq!(matching(&db, Account::META.has_key(hostile)).await, ["mal"]);
    assert_eq!(matching(&db, Account::META.has_all_keys([hostile, "plan"])).await, ["mal"]);
    assert_eq!(matching(&db, Account::META.contains(json!({ hostile: "x'y" }))).await, ["mal"]);
    assert_eq!(matching(&db, Account::META.get("note").as_text().eq("it's")).await, ["eve"]);

    let update = Account::update()
        .set(Account::META, Account::META.set_path([hostile], json!("it's")))
        .filter(Account::NAME.eq("mal"));
    assert!(!update.to_sql().contains("DROP"), "{}", update.to_sql());
    assert_eq!(update.execute(&*db).await.unwrap(), 1);
    assert_eq!(matching(&db, Account::META.get(hostile).eq(json!("it's"))).await, ["mal"]);
    assert_eq!(Account::select().count(&*db).await.unwrap(), 6, "the table is still there");
}

async fn meta_of(db: &Db, name: &str) -> serde_json::Value {
    Account::select().columns(Account::META).filter(Account::NAME.eq(name)).one(db).await.unwrap()
}

#[tokio::test]
async fn set_path_changes_one_value_and_keeps_the_rest() {
    let db = fixture().await;
    let update = Account::update()
        .set(Account::META, Account::META.set_path(["plan"], json!("pro")))
        .filter(Account::NAME.eq("ada"));
    assert_eq!(
        update.to_sql(),
        r#"UPDATE "accounts" SET "meta" = jsonb_set("accounts"."meta", $1, $2, true) WHERE "accounts"."name" = $3"#
    );
    assert_eq!(update.execute(&*db).await.unwrap(), 1);
    assert_eq!(meta_of(&db, "ada").await, json!({"plan": "pro", "limits": {"seats": 5}, "tags": ["a", "b"]}));
    assert_eq!(meta_of(&db, "eve").await, json!({"plan": "premium", "note": "it's"}), "the filter held");

    // Nested keys, array elements, new keys, several paths at once.
    Account::update()
        .set(
            Account::META,
            Account::META
                .set_path(["limits", "seats"], json!(10))
                .set_path(["tags", "0"], json!("z"))
                .set_path(["trial"], json!({"days": 14})),
        )
        .filter(Account::NAME.eq("ada"))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(
        meta_of(&db, "ada").await,
        json!({"plan": "pro", "limits": {"seats": 10}, "tags": ["z", "b"], "trial": {"days": 14}})
    );

    // A key before the last that is missing: PostgreSQL leaves the document as it is.
    Account::update()
        .set(Account::META, Account::META.set_path(["limits", "seats"], json!(3)))
        .filter(Account::NAME.eq("dee"))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(meta_of(&db, "dee").await, json!({}));

    // A typed `Json<T>` column, and a NULL one that stays NULL.
    Account::update()
        .set(Account::SETTINGS, Account::SETTINGS.set_path(["theme"], Json("solarized")))
        .filter(Account::NAME.in_list(["bob", "cy"]))
        .execute(&*db)
        .await
        .unwrap();
    let settings: Vec<Option<Json<Settings>>> = Account::select()
        .columns(Account::SETTINGS)
        .filter(Account::NAME.in_list(["bob", "cy"]))
        .order_by(Account::NAME)
        .all(&*db)
        .await
        .unwrap();
    assert_eq!(settings, [Some(Json(Settings { theme: "solarized".into(), beta: false })), None]);
}

#[tokio::test]
async fn set_path_in_an_upsert() {
    let db = fixture().await;
    Account::insert(account("ada", json!({"plan": "ignored"}), None))
        .on_conflict(Account::NAME)
        .do_update()
        .set(Account::META, Account::META.set_path(["plan"], json!("gold")))
        .execute(&*db)
        .await
        .unwrap();
    assert_eq!(
        meta_of(&db, "ada").await,
        json!({"plan": "gold", "limits": {"seats": 5}, "tags": ["a", "b"]})
    );
}

#[tokio::test]
async fn gin_index_is_created_introspected_and_used_by_containment() {
    let schema = orm::schema![Account];
    let expected = orm_migrate::Snapshot::from_schema(&schema);
    let index =
        expected.table("accounts").unwrap().indexes.iter().find(|index| index.using == "gin").unwrap();
    let ddl = orm_migrate::create_sql(&schema);
    assert!(
        ddl.contains(&format!(r#"CREATE INDEX "{}" ON "accounts" USING gin ("meta")"#, index.name)),
        "{ddl}"
    );

    let db = TestDb::with_schema(&ddl).await;
    let found = orm_migrate::introspect(db.db()).await.unwrap();
    let introspected = found.table("accounts").unwrap().indexes.iter().find(|found| found.name == index.name);
    assert_eq!(introspected.map(|found| found.using.as_str()), Some("gin"));
    let plan = orm_migrate::diff(&found, &expected);
    assert!(plan.is_empty(), "the live schema matches the code: {}", plan.up_sql());

    let plans = ["free", "pro", "premium", "team", "trial"];
    let rows = (0..4000).map(|i| {
        let mut meta = json!({"plan": plans[i % plans.len()], "n": i, "region": format!("r{}", i % 7)});
        if i % 400 == 0 {
            meta["vip"] = json!(true);
        }
        account(&format!("acct{i}"), meta, None)
    });
    Account::insert_many(rows).execute(&*db).await.unwrap();
    Sql::raw_unchecked("ANALYZE accounts").execute(&*db).await.unwrap();

    let vip = json!({"vip": true});
    let query = Account::select().columns(Account::NAME).filter(Account::META.contains(vip.clone()));
    assert_eq!(query.to_sql(), r#"SELECT "accounts"."name" FROM "accounts" WHERE "accounts"."meta" @> $1"#);

    let conn = db.connection().await.unwrap();
    Sql::raw_unchecked("SET enable_seqscan = off").execute(&conn).await.unwrap();
    let plan = query.explain(&conn).await.unwrap();
    assert!(plan.contains(&format!("Bitmap Index Scan on {}", index.name)), "{plan}");
    assert_eq!(query.all(&conn).await.unwrap().len(), 10, "the index finds every match");
}
