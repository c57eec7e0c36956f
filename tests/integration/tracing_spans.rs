//! One `orm.statement` span per statement, with the SQL text, row count and duration;
//! bound values only when the pool opted in.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use orm::prelude::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::schema::*;

type Fields = BTreeMap<String, String>;

/// Records every span's name and fields, and every event's fields.
#[derive(Clone, Default)]
pub(crate) struct Recorder {
    spans: Arc<Mutex<Vec<Fields>>>,
    events: Arc<Mutex<Vec<Fields>>>,
}

struct FieldVisitor<'a>(&'a mut Fields);

impl Visit for FieldVisitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut fields = Fields::from([("span".to_owned(), attrs.metadata().name().to_owned())]);
        attrs.record(&mut FieldVisitor(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(fields);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut FieldVisitor(&mut spans[span.into_u64() as usize - 1]));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut FieldVisitor(&mut fields));
        self.events.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Recorder {
    /// The `orm.statement` spans, in the order the statements were sent.
    pub(crate) fn statements(&self) -> Vec<Fields> {
        self.spans.lock().unwrap().iter().filter(|s| s["span"] == "orm.statement").cloned().collect()
    }

    /// The events whose message is `message`, each with its own fields (not its span's).
    pub(crate) fn events(&self, message: &str) -> Vec<Fields> {
        let events = self.events.lock().unwrap();
        events.iter().filter(|e| e.get("message").is_some_and(|m| m == message)).cloned().collect()
    }
}

#[tokio::test]
async fn each_statement_gets_a_span_with_sql_rows_and_duration_but_no_values() {
    let test_db = blog_db().await;
    insert_user(&test_db, "ada@x.io", "Ada").await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let found = User::select().filter(User::EMAIL.eq("ada@x.io")).all(&*test_db).await.unwrap();
    assert_eq!(found.len(), 1);
    User::update()
        .set(User::BIO, "secret bio")
        .filter(User::EMAIL.eq("ada@x.io"))
        .execute(&*test_db)
        .await
        .unwrap();

    let spans = recorder.statements();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert!(spans[0]["sql"].starts_with(r#"SELECT "users"."id""#), "{spans:#?}");
    assert!(spans[0]["sql"].ends_with(r#"WHERE "users"."email" = $1"#));
    assert_eq!(spans[0]["rows"], "1");
    assert!(spans[0]["elapsed_us"].parse::<u64>().is_ok());
    assert!(spans[1]["sql"].starts_with(r#"UPDATE "users" SET "bio" = $1"#));
    assert_eq!(spans[1]["rows"], "1", "rows changed");
    for span in &spans {
        assert!(!span.contains_key("params"), "values stay out of the logs by default: {span:?}");
        assert!(!format!("{span:?}").contains("secret bio") && !format!("{span:?}").contains("ada@x.io"));
    }
}

#[tokio::test]
async fn bound_values_are_recorded_when_the_pool_opts_in() {
    let test_db = blog_db().await;
    let db = test_db.builder().log_bound_values(true).connect().await.unwrap();
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    User::select().filter(User::EMAIL.eq("ada@x.io")).all(&db).await.unwrap();
    db.transaction(async |tx| User::select().filter(User::NAME.eq("in a transaction")).count(tx).await)
        .await
        .unwrap();

    let spans = recorder.statements();
    assert!(spans[0]["params"].contains("\"ada@x.io\""), "{spans:#?}");
    assert!(
        spans.iter().any(|s| s.get("params").is_some_and(|p| p.contains("in a transaction"))),
        "transactions inherit the setting: {spans:#?}"
    );
}
