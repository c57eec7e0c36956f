//! Validation from the schema: what the columns already say about a row, checked
//! before it is sent.
//!
//! `#[derive(Table)]` gives the insert struct (`NewUser`) and the patch struct
//! (`UserPatch`) a `validate()` method, and the insert struct a
//! `from_json(value)` constructor. They check `varchar(n)` lengths (in characters,
//! as PostgreSQL counts them), `numeric(p, s)` ranges, NOT NULL and enum labels
//! (for JSON input) and the field's `#[column(validate = path)]` hook, and report
//! every failing field at once in [`ValidationErrors`]. See the guide's
//! validation page.

pub(crate) mod column;
mod errors;
pub(crate) mod hook;
pub(crate) mod json;
pub(crate) mod methods;

pub use column::check_value;
pub use errors::{FieldError, ValidationCode, ValidationErrors};

/// A `#[column(validate = orm::validate::email)]` hook: the shape of an email
/// address, `local@domain`, as a form would check it. One `@`, something before
/// it, a domain after it with a dot inside (not at either end), and no spaces or
/// control characters. Whether the address exists is for an email to tell.
///
/// ```
/// use orm_core::validate::email;
///
/// assert!(email("ada@example.com").is_ok());
/// assert_eq!(
///     email("ada.example.com").unwrap_err(),
///     "`ada.example.com` is not an email address: expected `name@domain.tld`"
/// );
/// ```
pub fn email(value: &str) -> Result<(), String> {
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid { Ok(()) } else { Err(format!("`{value}` is not an email address: expected `name@domain.tld`")) }
}
