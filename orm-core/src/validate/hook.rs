//! `#[column(validate = path)]` hooks: a user function run on a field's value.

use std::borrow::Borrow;

use super::{ValidationCode, ValidationErrors};
use crate::schema::ColumnMeta;

/// A hook for a field holding `V` (without `Option`): a function of `&T`, where
/// `V` borrows as `T` (`&String` or `&str` for a `String` field).
pub struct Hook<V, T: ?Sized> {
    check: fn(&T) -> Result<(), String>,
    /// `V` as `T`: taken where the hook is named, so that a mismatch is reported once, there.
    input: fn(&V) -> &T,
}

/// A field type a `validate` hook taking `&T` can read: `V` itself, or what it borrows as.
#[diagnostic::on_unimplemented(
    message = "this `validate` hook takes `&{T}`, but the field holds `{Self}`",
    label = "expected a `fn(&{Self}) -> Result<(), String>`",
    note = "a hook is a function `fn(value: &T) -> Result<(), String>`, where `T` is the field's type without `Option` (or what it borrows as: `&str` for a `String` field)"
)]
pub trait HookInput<T: ?Sized> {
    /// The value as the hook reads it.
    fn hook_input(&self) -> &T;
}

impl<V: Borrow<T>, T: ?Sized> HookInput<T> for V {
    fn hook_input(&self) -> &T {
        self.borrow()
    }
}

/// The hook `check` for a field holding `V`; the derive writes this call at the
/// attribute, so that a function of the wrong type is reported there.
pub const fn hook<V: HookInput<T>, T: ?Sized>(check: fn(&T) -> Result<(), String>) -> Hook<V, T> {
    Hook { check, input: <V as HookInput<T>>::hook_input }
}

/// The `V` a field holds, if any: the field is a `V`, or an `Option` of one (a
/// nullable field, an insert struct's defaulted field, a patch field), up to three deep.
pub trait Present<V> {
    /// `Some` of the value, or `None` when a level is `None`.
    fn present(&self) -> Option<&V>;
}

impl<V> Present<V> for V {
    fn present(&self) -> Option<&V> {
        Some(self)
    }
}

impl<V> Present<V> for Option<V> {
    fn present(&self) -> Option<&V> {
        self.as_ref()
    }
}

impl<V> Present<V> for Option<Option<V>> {
    fn present(&self) -> Option<&V> {
        self.as_ref()?.as_ref()
    }
}

impl<V> Present<V> for Option<Option<Option<V>>> {
    fn present(&self) -> Option<&V> {
        self.as_ref()?.as_ref()?.as_ref()
    }
}

/// Runs `hook` on the field's value, when there is one; a refusal is recorded
/// with [`ValidationCode::Custom`] and the hook's message.
pub fn run_hook<V, T: ?Sized>(
    errors: &mut ValidationErrors,
    column: &ColumnMeta,
    hook: Hook<V, T>,
    value: &impl Present<V>,
) {
    let Some(value) = value.present() else { return };
    if let Err(message) = (hook.check)((hook.input)(value)) {
        errors.add_column(column.field, column.name, ValidationCode::Custom, message);
    }
}

/// Runs `hook` on a value behind `&dyn Any` (what [`ValidateHook`](crate::schema::ValidateHook)
/// carries): a `V` is checked, anything else passes.
pub fn run_any_hook<V: 'static, T: ?Sized>(
    hook: Hook<V, T>,
    value: &dyn std::any::Any,
) -> Result<(), String> {
    match value.downcast_ref::<V>() {
        Some(value) => (hook.check)((hook.input)(value)),
        None => Ok(()),
    }
}
