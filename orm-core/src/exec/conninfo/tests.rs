//! Connection strings read without a server: both forms, the environment, and errors
//! that never show the password.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use tokio_postgres::config::{Host, SslNegotiation, TargetSessionAttrs};

use super::ConnInfo;
use crate::error::Error;
use crate::exec::pooler::PoolerMode;
use crate::exec::tls::{RootCert, SslMode};

const SECRET: &str = "pa55-Secret";

fn no_env(_: &str) -> Option<String> {
    None
}

fn parse(s: &str) -> ConnInfo {
    ConnInfo::parse(s, &no_env).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn parse_err(s: &str) -> Error {
    match ConnInfo::parse(s, &no_env) {
        Ok(info) => panic!("{s} parsed: {info:?}"),
        Err(err) => err,
    }
}

fn parse_with(s: &str, vars: &[(&str, &str)]) -> ConnInfo {
    let vars: HashMap<String, String> =
        vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    ConnInfo::parse(s, &|name| vars.get(name).cloned()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn tcp(hosts: &[&str]) -> Vec<Host> {
    hosts.iter().map(|h| Host::Tcp((*h).to_owned())).collect()
}

#[test]
fn a_url_with_user_password_host_port_and_database() {
    let info = parse("postgres://app:s3cret@db.example.com:6543/shop");
    assert_eq!(info.config.get_user(), Some("app"));
    assert_eq!(info.config.get_password(), Some(&b"s3cret"[..]));
    assert_eq!(info.config.get_hosts(), tcp(&["db.example.com"]));
    assert_eq!(info.config.get_ports(), [6543]);
    assert_eq!(info.config.get_dbname(), Some("shop"));
    assert_eq!(info.tls.mode, None);
    let info = parse("postgresql://app@localhost/shop");
    assert_eq!(info.config.get_hosts(), tcp(&["localhost"]));
}

#[test]
fn url_parts_are_percent_decoded() {
    let info = parse("postgres://us%40er:p%40ss%3Aw%2Fo%25rd@localhost/my%20db?application_name=a%26b");
    assert_eq!(info.config.get_user(), Some("us@er"));
    assert_eq!(info.config.get_password(), Some(&b"p@ss:w/o%rd"[..]));
    assert_eq!(info.config.get_dbname(), Some("my db"));
    assert_eq!(info.config.get_application_name(), Some("a&b"));
    // An unencoded `@` in the password: the last `@` ends the user info.
    assert_eq!(parse("postgres://app@localhost/a%40b").config.get_dbname(), Some("a@b"));
    let info = parse("postgres://app:p@ss@localhost/db");
    assert_eq!(info.config.get_password(), Some(&b"p@ss"[..]));
    assert_eq!(info.config.get_hosts(), tcp(&["localhost"]));
    // An unencoded `?` in the password (libpq reads the user info up to `@` or `/`),
    // which must not be taken for the query and quoted in an error.
    for password in ["5432?word", "ab?cd=ef", "ab?cd@ef"] {
        let info = parse(&format!("postgres://app:{password}@localhost/db?sslmode=disable"));
        assert_eq!(info.config.get_password(), Some(password.as_bytes()));
        assert_eq!(info.config.get_hosts(), tcp(&["localhost"]));
        assert_eq!(info.config.get_dbname(), Some("db"));
        assert_eq!(info.tls.mode, Some(SslMode::Disable));
        let url = format!("postgres://app:{password}@localhost");
        assert_eq!(parse(&url).config.get_password(), Some(password.as_bytes()));
        assert_eq!(crate::exec::redact_url(&url), "postgres://app:***@localhost", "{url}");
    }
}

#[test]
fn the_password_may_come_as_a_url_parameter() {
    let info = parse("postgres://app@localhost/db?password=from%20query");
    assert_eq!(info.config.get_password(), Some(&b"from query"[..]));
}

#[test]
fn several_hosts_each_with_or_without_a_port() {
    let info = parse("postgres://app@one:5433,two,[::1]:5435/db?target_session_attrs=read-write");
    assert_eq!(info.config.get_hosts(), tcp(&["one", "two", "::1"]));
    assert_eq!(info.config.get_ports(), [5433, 5432, 5435]);
    assert_eq!(info.config.get_target_session_attrs(), TargetSessionAttrs::ReadWrite);
}

#[test]
fn ipv6_hosts_in_brackets() {
    let info = parse("postgres://app@[::1]:5433/db");
    assert_eq!(info.config.get_hosts(), tcp(&["::1"]));
    assert_eq!(info.config.get_ports(), [5433]);
    let info = parse("postgres://app@[2001:db8::7]/db");
    assert_eq!(info.config.get_hosts(), tcp(&["2001:db8::7"]));
}

#[test]
fn a_socket_directory_as_host() {
    let info = parse("postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/db");
    assert_eq!(info.config.get_hosts(), [Host::Unix(PathBuf::from("/var/run/postgresql"))]);
    assert_eq!(info.config.get_ports(), [5433]);
    let info = parse("postgresql:///db?host=/tmp&user=app");
    assert_eq!(info.config.get_hosts(), [Host::Unix(PathBuf::from("/tmp"))]);
}

#[test]
fn key_value_pairs_with_quotes_and_escapes() {
    let info = parse(r"host=localhost port = 5433 user=app password='it\'s a \\ secret' dbname=shop");
    assert_eq!(info.config.get_user(), Some("app"));
    assert_eq!(info.config.get_password(), Some(&br"it's a \ secret"[..]));
    assert_eq!(info.config.get_ports(), [5433]);
    assert_eq!(info.config.get_dbname(), Some("shop"));
    let info = parse(r"host=localhost user=app password=unquoted\ space application_name=''");
    assert_eq!(info.config.get_password(), Some(&b"unquoted space"[..]));
    assert_eq!(info.config.get_application_name(), Some(""));
}

#[test]
fn the_last_of_a_repeated_key_wins() {
    let info = parse("host=localhost user=first user=second");
    assert_eq!(info.config.get_user(), Some("second"));
}

#[test]
fn orm_takes_the_tls_keys_and_pooler_mode() {
    for (value, mode) in [
        ("disable", SslMode::Disable),
        ("allow", SslMode::Prefer),
        ("prefer", SslMode::Prefer),
        ("require", SslMode::Require),
        ("verify-ca", SslMode::VerifyCa),
        ("verify-full", SslMode::VerifyFull),
    ] {
        let info = parse(&format!("postgres://app@localhost/db?sslmode={value}"));
        assert_eq!(info.tls.mode, Some(mode), "{value}");
        assert_eq!(value.parse::<SslMode>().unwrap(), mode);
    }
    let info = parse(
        "postgres://app@localhost/db?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/c.key&pooler_mode=transaction",
    );
    assert_eq!(info.tls.root_cert, Some(RootCert::File(PathBuf::from("/ca.pem"))));
    assert_eq!(info.tls.client_cert, Some(PathBuf::from("/c.pem")));
    assert_eq!(info.tls.client_key, Some(PathBuf::from("/c.key")));
    assert_eq!(info.pooler_mode, Some(PoolerMode::Transaction));
    let info = parse("host=localhost user=app sslrootcert=system pooler_mode=session");
    assert_eq!(info.tls.root_cert, Some(RootCert::System));
    assert_eq!(info.tls.effective_mode().unwrap(), SslMode::VerifyFull, "system roots mean verify-full");
    assert_eq!(info.pooler_mode, Some(PoolerMode::Session));
    let info = parse("postgres://app@localhost/db?ssl=true");
    assert_eq!(info.tls.mode, Some(SslMode::Require), "the JDBC spelling");
}

#[test]
fn system_roots_refuse_a_weaker_mode() {
    let info = parse("host=localhost user=app sslrootcert=system sslmode=require");
    let err = info.tls.effective_mode().unwrap_err();
    assert!(err.to_string().contains("verify-full"), "{err}");
}

#[test]
fn every_other_key_reaches_tokio_postgres() {
    let info = parse(
        "postgres://app@localhost/db?sslnegotiation=direct&connect_timeout=7&options=-c%20search_path%3Dx\
         &keepalives_idle=30&channel_binding=require&load_balance_hosts=random&hostaddr=127.0.0.1",
    );
    assert_eq!(info.config.get_ssl_negotiation(), SslNegotiation::Direct);
    assert_eq!(info.config.get_connect_timeout(), Some(&Duration::from_secs(7)));
    assert_eq!(info.config.get_options(), Some("-c search_path=x"));
    assert_eq!(info.config.get_keepalives_idle(), Duration::from_secs(30));
    assert_eq!(info.config.get_hostaddrs(), ["127.0.0.1".parse::<std::net::IpAddr>().unwrap()]);
}

#[test]
fn libpq_options_orm_can_do_without() {
    let info = parse("host=localhost user=app gssencmode=disable fallback_application_name=tool sslsni=0");
    assert_eq!(info.config.get_application_name(), Some("tool"));
    assert!(!info.tls.sni);
    let info = parse("host=localhost user=app application_name=mine fallback_application_name=tool");
    assert_eq!(info.config.get_application_name(), Some("mine"));
    let err = parse_err("host=localhost user=app sslcrl=/crl.pem");
    assert!(err.to_string().contains("`sslcrl` is not supported"), "{err}");
}

#[test]
fn unknown_keys_and_bad_values_are_invalid_url() {
    for (s, says) in [
        ("postgres://app@localhost/db?colour=blue", "an option libpq does not know"),
        ("host=localhost user=app colour=blue", "an option libpq does not know"),
        ("postgres://app@localhost/db?sslmod=require", "did you mean `sslmode`?"),
        ("host=localhost user=app conect_timeout=5", "did you mean `connect_timeout`?"),
        ("postgres://app@localhost/db?password=a&b", "encode an `&`"),
        ("postgres://app:54/cd@localhost/db", "unencoded `@`"),
        ("postgres://app@localhost/db?sslmode=sometimes", "sslmode must be one of"),
        ("postgres://app@localhost/db?pooler_mode=statement", "pooler_mode must be"),
        ("postgres://app@localhost:99999/db", "port"),
        ("postgres://app@[::1/db", "closing `]`"),
        ("mysql://app@localhost/db", "postgres://"),
        ("host=localhost user", "without `=`"),
        ("host='localhost", "not closed"),
        ("postgres://app@localhost/db?x=%zz", "two hex digits"),
    ] {
        let err = parse_err(s);
        assert!(matches!(err, Error::InvalidUrl(_)), "{s}: {err:?}");
        assert!(err.to_string().contains(says), "{s}: {err}");
    }
}

#[test]
fn no_error_shows_the_password_in_any_form() {
    let broken = [
        format!("postgres://app:{SECRET}@localhost/db?colour=blue"),
        format!("postgres://app:{SECRET}@localhost/db?sslmode=sometimes"),
        format!("postgres://app:{SECRET}@localhost:notaport/db"),
        format!("postgres://app@localhost/db?password={SECRET}&colour=blue"),
        format!("postgres://app@localhost/db?password={SECRET}&port=x"),
        format!("postgres://app:{SECRET}@localhost/db?connect_timeout=soon"),
        format!("host=localhost user=app password={SECRET} colour=blue"),
        format!("host=localhost user=app password='{SECRET}' port=x"),
        format!("host=localhost user=app password='{SECRET}"),
        format!("host=localhost user=app {SECRET}"),
        format!("host=localhost user=app password={SECRET} {SECRET}=x"),
        // A password with an unencoded `&` or space, whose tail reads as another key.
        format!("postgres://app@localhost/db?password=x&{SECRET}"),
        format!("postgres://app@localhost/db?password=x&{SECRET}=y"),
        format!("postgres://app@localhost/db?password=x&{SECRET}=%zz"),
        format!("host=localhost user=app password=x {SECRET}=y"),
        format!("host=localhost user=app password=x {SECRET}='y"),
    ];
    for s in &broken {
        let err = parse_err(s);
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(SECRET), "{s} -> {shown}");
    }
    let env = [("PGPASSWORD", SECRET)];
    let vars: HashMap<_, _> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let err = ConnInfo::parse("host=localhost user=app colour=blue", &|n| vars.get(n).cloned()).unwrap_err();
    assert!(!format!("{err} {err:?}").contains(SECRET));
}

#[test]
fn debug_output_never_shows_the_password() {
    let info = parse(&format!("postgres://app:{SECRET}@localhost/db?sslmode=require"));
    assert!(!format!("{info:?}").contains(SECRET));
    let builder = crate::exec::DbBuilder::with_env(&format!("postgres://app:{SECRET}@localhost/db"), &no_env);
    assert!(!format!("{builder:?}").contains(SECRET));
}

#[test]
fn the_environment_fills_what_the_string_leaves_out() {
    let env = [
        ("PGHOST", "envhost"),
        ("PGPORT", "6000"),
        ("PGUSER", "envuser"),
        ("PGPASSWORD", "envpass"),
        ("PGDATABASE", "envdb"),
        ("PGAPPNAME", "envapp"),
        ("PGSSLMODE", "verify-ca"),
        ("PGSSLROOTCERT", "/env/ca.pem"),
        ("PGSSLCERT", "/env/c.pem"),
        ("PGSSLKEY", "/env/c.key"),
        ("PGCONNECT_TIMEOUT", "3"),
    ];
    let info = parse_with("", &env);
    assert_eq!(info.config.get_hosts(), tcp(&["envhost"]));
    assert_eq!(info.config.get_ports(), [6000]);
    assert_eq!(info.config.get_user(), Some("envuser"));
    assert_eq!(info.config.get_password(), Some(&b"envpass"[..]));
    assert_eq!(info.config.get_dbname(), Some("envdb"));
    assert_eq!(info.config.get_application_name(), Some("envapp"));
    assert_eq!(info.config.get_connect_timeout(), Some(&Duration::from_secs(3)));
    assert_eq!(info.tls.mode, Some(SslMode::VerifyCa));
    assert_eq!(info.tls.root_cert, Some(RootCert::File(PathBuf::from("/env/ca.pem"))));
    assert_eq!(info.tls.client_cert, Some(PathBuf::from("/env/c.pem")));
    assert_eq!(info.tls.client_key, Some(PathBuf::from("/env/c.key")));

    // The string wins over the environment, key by key.
    let info = parse_with("postgres://urluser@urlhost/urldb?sslmode=disable", &env);
    assert_eq!(info.config.get_user(), Some("urluser"));
    assert_eq!(info.config.get_hosts(), tcp(&["urlhost"]));
    assert_eq!(info.config.get_dbname(), Some("urldb"));
    assert_eq!(info.config.get_ports(), [6000]);
    assert_eq!(info.config.get_password(), Some(&b"envpass"[..]));
    assert_eq!(info.tls.mode, Some(SslMode::Disable));

    // An empty variable counts as unset, as in libpq.
    let info = parse_with("host=h", &[("PGUSER", ""), ("USER", "fallback")]);
    assert!(info.config.get_user().is_some_and(|u| !u.is_empty()));
}

#[test]
fn defaults_are_the_os_user_and_a_local_host() {
    let info = parse("");
    assert!(info.config.get_user().is_some_and(|u| !u.is_empty()), "{:?}", info.config.get_user());
    let host = &info.config.get_hosts()[0];
    assert!(
        matches!(host, Host::Tcp(h) if h == "localhost")
            || matches!(host, Host::Unix(dir) if dir.join(".s.PGSQL.5432").exists()),
        "{host:?}"
    );
    // A hostaddr alone is a host: no default is added beside it.
    let info = parse("hostaddr=127.0.0.1 user=app");
    assert!(info.config.get_hosts().is_empty());
}
