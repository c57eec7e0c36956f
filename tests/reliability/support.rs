//! What the scenarios share: sizes scaled for CI, and a runtime for property tests.

/// `full` when `ORM_RELIABILITY_FULL=1`, else `ci`: long scenarios run scaled down in CI.
pub fn scaled(ci: usize, full: usize) -> usize {
    if std::env::var("ORM_RELIABILITY_FULL").is_ok_and(|v| v == "1") { full } else { ci }
}

/// A runtime for tests that drive async code from a synchronous property-test closure.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}
