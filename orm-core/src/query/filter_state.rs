//! Type states that keep an UPDATE or DELETE without a WHERE clause from running.

/// No `.filter(..)` yet: the statement cannot run.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFilter;

/// At least one `.filter(..)`: the statement can run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filtered;

/// `.all_rows()`: the statement touches every row, on purpose.
#[derive(Debug, Clone, Copy, Default)]
pub struct AllRows;

/// The filter states that may run: [`Filtered`] and [`AllRows`].
#[diagnostic::on_unimplemented(
    message = "this UPDATE or DELETE has no `.filter(..)`, so it would change every row",
    label = "add `.filter(..)` first",
    note = "to change every row on purpose, call `.all_rows()` before running it"
)]
pub trait FilterGiven: Send + Sync {}

impl FilterGiven for Filtered {}
impl FilterGiven for AllRows {}
