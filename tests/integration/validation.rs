//! `validate()` and `from_json(..)` check what the schema knows before a round
//! trip; for each check a value at the limit passes and one past it fails, and the
//! server agrees: the passing value inserts, the failing one is refused by PostgreSQL.

use std::str::FromStr;

use orm::Decimal;
use orm::prelude::*;
use orm::testing::TestDb;
use orm::validate::{ValidationCode, ValidationErrors};
use serde_json::json;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[pg_enum(name = "plan_kind")]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Free,
    Pro,
}

/// Refuses the nickname `admin`; takes `&str` for a `String` field.
fn not_reserved(nickname: &str) -> Result<(), String> {
    match nickname {
        "admin" => Err("`admin` is reserved".to_owned()),
        _ => Ok(()),
    }
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "accounts")]
pub struct Account {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(validate = orm::validate::email)]
    pub email: String,
    #[column(varchar(5))]
    pub handle: String,
    #[column(varchar(10), validate = not_reserved)]
    pub nickname: Option<String>,
    #[column(numeric(5, 2))]
    pub balance: Decimal,
    #[column(default = "free")]
    pub plan: Plan,
}

async fn accounts_db() -> TestDb {
    TestDb::with_schema(&orm_migrate::create_sql(&orm::schema![Account])).await
}

fn account(handle: &str, balance: &str) -> NewAccount {
    NewAccount {
        email: "ada@example.com".to_owned(),
        handle: handle.to_owned(),
        nickname: None,
        balance: Decimal::from_str(balance).unwrap(),
        plan: None,
    }
}

/// `(field, code)` of every error, in order.
fn codes(errors: &ValidationErrors) -> Vec<(&str, ValidationCode)> {
    errors.fields().iter().map(|error| (error.field.as_str(), error.code)).collect()
}

/// The SQLSTATE of a server error.
fn sqlstate(err: &orm::Error) -> &str {
    match err {
        orm::Error::Db(db) => db.code().map(|code| code.code()).unwrap_or_default(),
        other => panic!("not a server error: {other:?}"),
    }
}

#[tokio::test]
async fn varchar_counts_characters_as_postgresql_does() {
    let db = accounts_db().await;
    // Five characters, ten bytes: at the limit.
    let at_limit = account("ééééé", "1");
    assert_eq!(at_limit.validate(), Ok(()));
    let stored = Account::insert(at_limit).returning().one(&*db).await.unwrap();
    assert_eq!(stored.handle, "ééééé");

    let past = account("éééééé", "1");
    let errors = past.validate().unwrap_err();
    assert_eq!(codes(&errors), [("handle", ValidationCode::TooLong)]);
    assert_eq!(errors.fields()[0].column, Some("handle"));
    assert_eq!(errors.fields()[0].message, "`handle` is 6 characters long; at most 5 fit");
    let err = Account::insert(past).execute(&*db).await.unwrap_err();
    assert_eq!(sqlstate(&err), "22001", "string_data_right_truncation: {err}");

    // Spaces past the limit are cut off by the server, not refused: so they pass.
    let spaces = account("abcde   ", "1");
    assert_eq!(spaces.validate(), Ok(()));
    let stored = Account::insert(spaces).returning().one(&*db).await.unwrap();
    assert_eq!(stored.handle, "abcde");
    let errors = account("abcde  x", "1").validate().unwrap_err();
    assert_eq!(codes(&errors), [("handle", ValidationCode::TooLong)]);
    let err = Account::insert(account("abcde  x", "1")).execute(&*db).await.unwrap_err();
    assert_eq!(sqlstate(&err), "22001");
    assert_eq!(Account::select().count(&*db).await.unwrap(), 2);
}

#[tokio::test]
async fn numeric_precision_is_checked_after_rounding_to_the_scale_as_postgresql_does() {
    let db = accounts_db().await;
    for passing in ["999.99", "-999.99", "999.994", "0.001"] {
        let new = account("a", passing);
        assert_eq!(new.validate(), Ok(()), "{passing}");
        Account::insert(new).execute(&*db).await.unwrap_or_else(|err| panic!("{passing}: {err}"));
    }
    let stored: Vec<Decimal> =
        Account::select().columns(Account::BALANCE).order_by(Account::ID).all(&*db).await.unwrap();
    let rounded: Vec<Decimal> = ["999.99", "-999.99", "999.99", "0.00"].map(|s| s.parse().unwrap()).into();
    assert_eq!(stored, rounded, "the server rounds to the scale");

    for failing in ["999.995", "-1000", "12345"] {
        let new = account("a", failing);
        let errors = new.validate().unwrap_err();
        assert_eq!(codes(&errors), [("balance", ValidationCode::OutOfRange)], "{failing}");
        let err = Account::insert(new).execute(&*db).await.unwrap_err();
        assert_eq!(sqlstate(&err), "22003", "numeric_value_out_of_range for {failing}: {err}");
    }
    let errors = account("a", "999.995").validate().unwrap_err();
    assert_eq!(errors.fields()[0].message, "`balance` is 999.995; numeric(5, 2) holds -999.99 to 999.99");
    assert_eq!(Account::select().count(&*db).await.unwrap(), 4);
}

#[tokio::test]
async fn hooks_run_on_present_values_and_report_their_message() {
    let db = accounts_db().await;
    let mut new = account("ada", "1");
    new.nickname = Some("ada".into());
    assert_eq!(new.validate(), Ok(()));
    Account::insert(new.clone()).execute(&*db).await.unwrap();

    new.email = "ada.example.com".into();
    new.nickname = Some("admin".into());
    let errors = new.validate().unwrap_err();
    assert_eq!(codes(&errors), [("email", ValidationCode::Custom), ("nickname", ValidationCode::Custom)]);
    assert_eq!(errors.fields()[1].message, "`admin` is reserved");

    new.nickname = None;
    new.email = "grace@example.com".into();
    assert_eq!(new.validate(), Ok(()), "a hook does not run on NULL");
}

#[tokio::test]
async fn every_failing_field_is_reported_in_one_call_and_converts_into_orm_error() {
    let mut new = account("éééééé", "1000");
    new.email = "nobody".into();
    new.nickname = Some("x".repeat(11));
    let errors = new.validate().unwrap_err();
    assert_eq!(
        codes(&errors),
        [
            ("email", ValidationCode::Custom),
            ("handle", ValidationCode::TooLong),
            ("nickname", ValidationCode::TooLong),
            ("balance", ValidationCode::OutOfRange),
        ],
        "in field order"
    );
    assert!(errors.to_string().starts_with("4 invalid fields: `email`: `nobody` is not an email address"));
    let body = serde_json::to_value(&errors).unwrap();
    assert_eq!(
        body[1],
        json!({"field": "handle", "code": "too_long", "message": "`handle` is 6 characters long; at most 5 fit"})
    );

    fn checked(new: &NewAccount) -> orm::Result<()> {
        new.validate()?;
        Ok(())
    }
    match checked(&new) {
        Err(orm::Error::Validation(inner)) => assert_eq!(inner, errors),
        other => panic!("expected Error::Validation, got {other:?}"),
    }
}

#[tokio::test]
async fn a_patch_checks_only_the_fields_it_sets() {
    let db = accounts_db().await;
    let id = Account::insert(account("ada", "1")).returning().one(&*db).await.unwrap().id;
    assert_eq!(AccountPatch::default().validate(), Ok(()));

    let fits = AccountPatch { handle: Some("ééééé".into()), ..Default::default() };
    assert_eq!(fits.validate(), Ok(()));
    Account::update().patch(fits).filter(Account::ID.eq(id)).execute(&*db).await.unwrap();

    let too_long = AccountPatch {
        handle: Some("éééééé".into()),
        nickname: Some(Some("admin".into())),
        ..Default::default()
    };
    let errors = too_long.validate().unwrap_err();
    assert_eq!(codes(&errors), [("handle", ValidationCode::TooLong), ("nickname", ValidationCode::Custom)]);
    let long_handle = AccountPatch { handle: Some("éééééé".into()), ..Default::default() };
    let err =
        Account::update().patch(long_handle).filter(Account::ID.eq(id)).execute(&*db).await.unwrap_err();
    assert_eq!(sqlstate(&err), "22001");
}

#[tokio::test]
async fn from_json_builds_the_insert_struct_with_defaults_left_out() {
    let db = accounts_db().await;
    let new = NewAccount::from_json(json!({"email": "ada@example.com", "handle": "ada", "balance": "12.50"}))
        .unwrap();
    assert_eq!(
        (new.nickname.as_deref(), new.plan),
        (None, None),
        "nullable and defaulted fields may be absent"
    );
    let stored = Account::insert(new).returning().one(&*db).await.unwrap();
    assert_eq!((stored.plan, stored.balance), (Plan::Free, Decimal::new(1250, 2)));

    let new = NewAccount::from_json(json!({
        "email": "grace@example.com", "handle": "grace", "nickname": null, "balance": 3, "plan": "pro"
    }))
    .unwrap();
    assert_eq!((new.nickname, new.plan), (None, Some(Plan::Pro)));
}

#[tokio::test]
async fn from_json_reports_every_missing_null_mistyped_and_unknown_field() {
    let db = accounts_db().await;
    let errors = NewAccount::from_json(json!({
        "email": 5, "balance": null, "plan": "gold", "nickname": "admin", "admin": true
    }))
    .unwrap_err();
    assert_eq!(
        codes(&errors),
        [
            ("email", ValidationCode::InvalidType),
            ("handle", ValidationCode::Required),
            ("nickname", ValidationCode::Custom),
            ("balance", ValidationCode::Required),
            ("plan", ValidationCode::InvalidLabel),
            ("admin", ValidationCode::UnknownField),
        ]
    );
    let messages: Vec<&str> = errors.fields().iter().map(|error| error.message.as_str()).collect();
    assert_eq!(messages[1], "`handle` is missing: the column is NOT NULL");
    assert_eq!(messages[3], "`balance` cannot be null: the column is NOT NULL");
    assert_eq!(messages[4], "`plan` cannot be `gold`; expected one of: `free`, `pro`");
    assert!(
        messages[5].starts_with("unknown field `admin` of `NewAccount`; expected one of: `email`, `handle`")
    );

    let errors =
        NewAccount::from_json(json!({"email": "a@b.io", "handle": "abcdef", "balance": 1, "plan": null}))
            .unwrap_err();
    assert_eq!(codes(&errors), [("handle", ValidationCode::TooLong), ("plan", ValidationCode::Required)]);
    assert_eq!(
        errors.fields()[1].message,
        "`plan` cannot be null: the column is NOT NULL; leave it out to use the column default"
    );
    let errors = NewAccount::from_json(json!(["not", "an", "object"])).unwrap_err();
    assert_eq!(codes(&errors), [("", ValidationCode::InvalidType)]);

    // The server agrees: NULL, an unknown label and a missing NOT NULL value are refused.
    let null_balance = sql!("INSERT INTO accounts (email, handle, balance) VALUES ('a@b.io', 'a', NULL)");
    let err = null_balance.execute(&*db).await.unwrap_err();
    assert!(matches!(&err, orm::Error::NotNullViolation { column, .. } if column == "balance"), "{err:?}");
    let missing_handle = sql!("INSERT INTO accounts (email, balance) VALUES ('a@b.io', 1)");
    let err = missing_handle.execute(&*db).await.unwrap_err();
    assert!(matches!(&err, orm::Error::NotNullViolation { column, .. } if column == "handle"), "{err:?}");
    let gold = sql!(
        "INSERT INTO accounts (email, handle, balance, plan) VALUES ('a@b.io', 'a', 1, {}::text::plan_kind)",
        "gold"
    );
    let err = gold.execute(&*db).await.unwrap_err();
    assert_eq!(sqlstate(&err), "22P02", "invalid_text_representation: {err}");
    assert_eq!(Account::select().count(&*db).await.unwrap(), 0);
}
