//! What the scenarios share: sizes scaled for CI, and a runtime for property tests.

/// `full` when `ORM_RELIABILITY_FULL=1`, else `ci`: long scenarios run scaled down in CI.
pub fn scaled(ci: usize, full: usize) -> usize {
    if std::env::var("ORM_RELIABILITY_FULL").is_ok_and(|v| v == "1") { full } else { ci }
}

/// A runtime for tests that drive async code from a synchronous property-test closure.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

/// `DATABASE_URL` with its database replaced by `name`.
pub fn url_of(name: &str) -> String {
    let url = orm::testing::database_url();
    let (base, query) = url.split_once('?').map_or((url.as_str(), None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a URL with a database");
    query.map_or_else(|| format!("{server}/{name}"), |q| format!("{server}/{name}?{q}"))
}
