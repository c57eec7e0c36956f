//! `diff` between versions: the steps, their order, hazards, lints and down SQL.

use orm_migrate::{Hazard, Plan, Snapshot, diff};

use crate::versions;

fn snap(schema: &orm::Schema) -> Snapshot {
    Snapshot::from_schema(schema)
}

fn steps(plan: &Plan) -> Vec<&str> {
    plan.steps().iter().map(|s| s.description()).collect()
}

#[test]
fn a_schema_diffed_with_itself_is_empty_and_its_json_is_stable() {
    for schema in versions::all() {
        let s = snap(&schema);
        assert!(diff(&s, &s).is_empty(), "{:?}", steps(&diff(&s, &s)));
        let json = s.to_json();
        let back = Snapshot::from_json(&json).expect("parses");
        assert_eq!(back, s);
        assert_eq!(back.to_json(), json);
        assert!(diff(&back, &s).is_empty());
    }
}

#[test]
fn a_rename_comes_from_renamed_from_and_is_undone_by_renaming_back() {
    let plan = diff(&snap(&versions::v2::schema()), &snap(&versions::v3::schema()));
    assert_eq!(steps(&plan), [r#"rename column "users"."name" to "display_name""#]);
    assert_eq!(
        plan.up_sql().lines().last(),
        Some(r#"ALTER TABLE "users" RENAME COLUMN "name" TO "display_name";"#)
    );
    assert!(plan.down_sql().contains(r#"ALTER TABLE "users" RENAME COLUMN "display_name" TO "name";"#));
    assert!(plan.check_safety(false, |_| None).is_ok());
}

#[test]
fn without_the_hint_a_rename_is_a_drop_and_an_add_and_is_refused() {
    let mut target = snap(&versions::v3::schema());
    target = target.without_rename_hints();
    let plan = diff(&snap(&versions::v2::schema()), &target);
    assert_eq!(steps(&plan), [r#"add column "users"."display_name""#, r#"drop column "users"."name""#]);
    let refused = plan.check_safety(false, |_| Some(12)).unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains(r#"add column "users"."display_name" (fails: the table has 12 rows"#),
        "{message}"
    );
    assert!(
        message.contains(r#"drop column "users"."name" (deletes data; the table has 12 rows)"#),
        "{message}"
    );
    assert!(message.contains("--allow-data-loss"), "{message}");
    assert!(plan.check_safety(true, |_| None).is_ok());
}

#[test]
fn steps_on_existing_tables_carry_lock_warnings() {
    let plan = diff(&snap(&versions::v3::schema()), &snap(&versions::v4::schema()));
    assert_eq!(steps(&plan), [r#"create index "users_display_name_idx" on "users""#]);
    assert!(plan.steps()[0].lints()[0].contains("CONCURRENTLY"), "{:?}", plan.steps()[0].lints());
    let plan = diff(&snap(&versions::v6::schema()), &snap(&versions::v7::schema()));
    assert_eq!(steps(&plan), [r#"add foreign key "posts_author_id_fkey" to "posts""#]);
    assert!(plan.steps()[0].lints()[0].contains("NOT VALID"));
    assert!(plan.up_sql().contains("-- warning: adding the foreign key"));
    // A new table's index and keys need no warning.
    let plan = diff(&Snapshot::empty(), &snap(&versions::v9::schema()));
    assert!(plan.steps().iter().all(|s| s.lints().is_empty()));
}

#[test]
fn defaults_and_enum_values_change_in_place() {
    let plan = diff(&snap(&versions::v4::schema()), &snap(&versions::v5::schema()));
    assert_eq!(steps(&plan), [r#"set the default of "users"."score" to 10"#]);
    assert!(plan.up_sql().contains(r#"ALTER TABLE "users" ALTER COLUMN "score" SET DEFAULT 10;"#));
    assert!(plan.down_sql().contains(r#"ALTER TABLE "users" ALTER COLUMN "score" SET DEFAULT 0;"#));

    let plan = diff(&snap(&versions::v5::schema()), &snap(&versions::v6::schema()));
    assert_eq!(steps(&plan), [r#"add value "guest" to enum type "user_role""#]);
    assert!(plan.up_sql().contains(r#"ALTER TYPE "user_role" ADD VALUE 'guest' BEFORE 'member';"#));
    assert_eq!(plan.irreversible().count(), 1);
    assert!(plan.down_sql().contains(r#"-- irreversible: add value "guest" to enum type "user_role""#));
}

#[test]
fn removing_an_enum_value_rebuilds_the_type_and_is_refused() {
    let plan = diff(&snap(&versions::v6::schema()), &snap(&versions::v5::schema()));
    assert_eq!(steps(&plan), [r#"remove value(s) ["guest"] from enum type "user_role""#]);
    assert_eq!(plan.steps()[0].hazard(), Some(Hazard::DataLoss));
    let sql = plan.up_sql();
    assert!(sql.contains(r#"ALTER TYPE "user_role" RENAME TO "user_role__orm_old";"#), "{sql}");
    assert!(
        sql.contains(
            r#"ALTER TABLE "users" ALTER COLUMN "role" TYPE "user_role" USING "role"::text::"user_role";"#
        ),
        "{sql}"
    );
    assert!(plan.check_safety(false, |_| None).is_err());
}

#[test]
fn dropping_a_column_is_refused_and_cannot_be_undone() {
    let plan = diff(&snap(&versions::v7::schema()), &snap(&versions::v8::schema()));
    assert_eq!(steps(&plan), [r#"drop column "users"."legacy""#]);
    assert_eq!(plan.steps()[0].hazard(), Some(Hazard::DataLoss));
    assert!(plan.steps()[0].down_sql().is_none());
    assert!(plan.up_sql().contains("-- DATA LOSS"));
    let refused = plan.check_safety(false, |_| None).unwrap_err();
    assert_eq!(refused.steps.len(), 1);
    assert_eq!(refused.steps[0].table.as_deref(), Some("users"));
}

#[test]
fn a_table_rename_renames_its_constraints_and_new_tables_follow_their_references() {
    let plan = diff(&snap(&versions::v8::schema()), &snap(&versions::v9::schema()));
    assert_eq!(
        steps(&plan),
        [
            r#"rename table "posts" to "articles""#,
            r#"rename constraint "posts_pkey" of "articles" to "articles_pkey""#,
            r#"rename constraint "posts_author_id_fkey" of "articles" to "articles_author_id_fkey""#,
            r#"create table "tags""#,
            r#"create index "tags_by_article" on "tags""#,
            // A key to a table that already exists is added once the table's own changes are done.
            r#"add foreign key "tags_article_id_fkey" to "tags""#,
        ]
    );
    assert!(plan.check_safety(false, |_| None).is_ok());
    let down = plan.down_sql();
    let undo_rename = down.find(r#"ALTER TABLE "articles" RENAME TO "posts";"#).expect("renamed back");
    assert!(down.find(r#"DROP TABLE "tags";"#).expect("dropped") < undo_rename, "{down}");
}

#[test]
fn type_changes_are_classified() {
    let base = snap(&versions::v9::schema());
    let mut wider = base.clone();
    let label = |s: &mut Snapshot| {
        s.tables
            .iter_mut()
            .find(|t| t.name == "tags")
            .unwrap()
            .columns
            .iter_mut()
            .find(|c| c.name == "label")
            .map(|c| &mut c.sql_type)
            .unwrap()
            .clone_from(&"varchar(80)".to_owned());
    };
    label(&mut wider);
    let plan = diff(&base, &wider);
    assert_eq!(plan.steps().len(), 1);
    assert_eq!(plan.steps()[0].hazard(), None, "a longer varchar loses nothing");
    assert!(plan.steps()[0].lints().is_empty(), "and rewrites nothing");
    assert!(plan.up_sql().contains(r#"ALTER TABLE "tags" ALTER COLUMN "label" TYPE varchar(80);"#));

    let back = diff(&wider, &base);
    assert_eq!(back.steps()[0].hazard(), Some(Hazard::DataLoss), "a shorter varchar can cut values");
    assert!(back.up_sql().contains(r#"TYPE varchar(40) USING "label"::varchar(40);"#), "{}", back.up_sql());
}

#[test]
fn tables_that_reference_each_other_drop_in_any_order() {
    let all = snap(&versions::v9::schema());
    let mut fewer = all.clone();
    fewer.tables.retain(|t| t.name == "users");
    let plan = diff(&all, &fewer);
    assert_eq!(
        steps(&plan),
        [
            r#"drop foreign key "tags_article_id_fkey" of "tags""#,
            r#"drop table "articles""#,
            r#"drop table "tags""#,
        ]
    );
    assert_eq!(plan.irreversible().count(), 2);
}
