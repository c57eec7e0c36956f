//! The CLI's contract: help, usage errors and exit codes, `generate` and
//! `check` without a database, refusals that write nothing.

use crate::support::{TempDir, cli};
use crate::versions;

#[test]
fn every_command_has_help_and_unknown_input_is_a_usage_error() {
    let schema = versions::v1::schema();
    let overview = cli(&schema, &["--help"]);
    assert_eq!(overview.code, 0);
    for command in ["generate", "migrate", "status", "check", "push", "introspect"] {
        assert!(overview.out.contains(command), "{command} in the overview");
        let help = cli(&schema, &[command, "--help"]);
        assert_eq!(help.code, 0, "{command}");
        assert!(help.out.starts_with(&format!("Usage: <program> {command}")), "{}", help.out);
    }
    assert_eq!(cli(&schema, &[]).code, 2);
    let unknown = cli(&schema, &["migrat"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.err.contains(r#"unknown command "migrat""#), "{}", unknown.err);
    assert_eq!(cli(&schema, &["migrate", "--force"]).code, 2);
    assert_eq!(cli(&schema, &["generate"]).code, 2);
    assert_eq!(cli(&schema, &["generate", "Bad Name"]).code, 2);
}

#[test]
fn generate_writes_up_down_and_snapshot_then_check_passes() {
    let dir = TempDir::new("generate");
    let schema = versions::v1::schema();
    let before = cli(&schema, &["check", "--dir", dir.str()]);
    assert_eq!(before.code, 1, "{before:?}");
    assert!(before.out.contains(r#"create table "users""#), "{}", before.out);

    let run = cli(&schema, &["generate", "init", "--dir", dir.str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let [name] = dir.migrations().try_into().expect("one migration");
    assert!(name.ends_with("_init") && name.len() == "20261122000000_init".len(), "{name}");
    let read = |file: &str| std::fs::read_to_string(dir.path().join(&name).join(file)).expect(file);
    let up = read("up.sql");
    assert!(up.contains(r#"CREATE TYPE "user_role" AS ENUM ('admin', 'member');"#), "{up}");
    assert!(up.contains(r#"CREATE TABLE "users" ("#), "{up}");
    let down = read("down.sql");
    assert!(down.contains(r#"DROP TABLE "users";"#) && down.contains(r#"DROP TYPE "user_role";"#), "{down}");
    let snapshot = orm_migrate::Snapshot::from_json(&read("snapshot.json")).expect("a snapshot");
    assert_eq!(snapshot, orm_migrate::Snapshot::from_schema(&schema));

    assert_eq!(cli(&schema, &["check", "--dir", dir.str()]).code, 0);
    let again = cli(&schema, &["generate", "again", "--dir", dir.str()]);
    assert_eq!(again.code, 0);
    assert!(again.out.starts_with("no changes"), "{}", again.out);
    assert_eq!(dir.migrations().len(), 1, "nothing written when nothing changed");
    assert_eq!(cli(&versions::v2::schema(), &["check", "--dir", dir.str()]).code, 1);
}

#[test]
fn online_commands_without_a_database_say_how_to_name_one() {
    let schema = versions::v1::schema();
    let dir = TempDir::new("offline");
    let run = cli(
        &schema,
        &["status", "--dir", dir.str(), "--database-url", "postgres://postgres@127.0.0.1:1/postgres"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.err.contains("DATABASE_URL"), "{}", run.err);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
}

#[test]
fn generate_after_the_largest_version_is_an_error_not_a_panic() {
    let dir = TempDir::new("largest-version");
    let schema = versions::v1::schema();
    assert_eq!(cli(&schema, &["generate", "init", "--dir", dir.str()]).code, 0);
    let [name] = dir.migrations().try_into().expect("one migration");
    let largest = format!("{}_init", i64::MAX);
    std::fs::rename(dir.path().join(&name), dir.path().join(&largest)).expect("renamed");

    let run = cli(&versions::v2::schema(), &["generate", "next", "--dir", dir.str()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.err.contains("largest a version can be"), "{}", run.err);
    assert_eq!(dir.migrations(), [largest], "nothing written");
}
