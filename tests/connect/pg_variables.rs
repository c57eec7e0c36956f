//! `Db::builder("")` connects from the PG* variables alone. The variables are set on a
//! child process (this test binary, running one ignored test), so no test here
//! changes the environment other tests read.

use std::process::Command;

use crate::support::{PASSWORD, tls};

/// Every libpq variable a developer's shell may have set, cleared for the child.
const CLEARED: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGOPTIONS",
    "PGAPPNAME",
    "PGSSLMODE",
    "PGSSLNEGOTIATION",
    "PGSSLROOTCERT",
    "PGSSLCERT",
    "PGSSLKEY",
    "PGSSLSNI",
    "PGCONNECT_TIMEOUT",
    "PGTARGETSESSIONATTRS",
    "PGCHANNELBINDING",
    "PGLOADBALANCEHOSTS",
    "PGGSSENCMODE",
];

fn run_child(test: &str, vars: &[(&str, String)]) -> String {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args(["--exact", test, "--ignored", "--nocapture", "--test-threads=1"]);
    for var in CLEARED {
        command.env_remove(var);
    }
    command.envs(vars.iter().map(|(k, v)| (*k, v.as_str())));
    let output = command.output().expect("the child test runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && text.contains("1 passed"), "the child test failed:\n{text}");
    text
}

#[test]
fn db_builder_with_an_empty_string_connects_from_pg_variables() {
    let cluster = tls();
    let vars = [
        ("PGHOST", "localhost".to_owned()),
        ("PGPORT", cluster.port().to_string()),
        ("PGUSER", "scramuser".to_owned()),
        ("PGPASSWORD", PASSWORD.to_owned()),
        ("PGDATABASE", "postgres".to_owned()),
        ("PGSSLMODE", "verify-full".to_owned()),
        ("PGSSLROOTCERT", cluster.file("ca.pem")),
        ("PGAPPNAME", "orm-from-env".to_owned()),
        ("PGCONNECT_TIMEOUT", "5".to_owned()),
    ];
    let output = run_child("pg_variables::child_connects_from_pg_variables", &vars);
    assert!(
        output.contains("connected as scramuser to postgres, application orm-from-env, ssl true"),
        "{output}"
    );
    assert!(!output.contains(PASSWORD), "{output}");
}

#[test]
fn the_url_wins_over_pg_variables() {
    let cluster = tls();
    // PGSSLMODE=require would fail against port 1; the URL's host, port and sslmode win.
    let vars = [
        ("PGHOST", "127.0.0.1".to_owned()),
        ("PGPORT", "1".to_owned()),
        ("PGUSER", "nobody".to_owned()),
        ("PGSSLMODE", "require".to_owned()),
        (
            "ORM_CHILD_URL",
            format!("postgres://postgres@localhost:{}/postgres?sslmode=disable", cluster.port()),
        ),
    ];
    let output = run_child("pg_variables::child_connects_from_pg_variables", &vars);
    // No PGAPPNAME: the application name is the program's own (the test binary's stem).
    assert!(output.contains("connected as postgres to postgres, application connect-"), "{output}");
    assert!(output.contains(", ssl false"), "{output}");
}

#[tokio::test]
#[ignore = "run by the tests above, in a child process with PG* variables set"]
async fn child_connects_from_pg_variables() {
    let url = std::env::var("ORM_CHILD_URL").unwrap_or_default();
    let db = orm::Db::builder(&url).max_size(1).connect().await.expect("connects from the PG* variables");
    let (user, database, application, ssl): (String, String, String, bool) = orm::sql!(
        "SELECT current_user::text, current_database()::text, a.application_name, s.ssl \
         FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.pid = pg_backend_pid()"
    )
    .fetch_one(&db)
    .await
    .expect("the session's facts");
    println!("connected as {user} to {database}, application {application}, ssl {ssl}");
}
