//! Compile-fail tests: every "does not compile" promise of the API, with the exact error.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/query/*.rs");
    t.compile_fail("tests/ui/derive/*.rs");
    t.pass("tests/ui/derive-pass/*.rs");
    t.compile_fail("tests/ui/migrate/*.rs");
}
