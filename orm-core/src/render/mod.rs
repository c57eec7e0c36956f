//! SQL rendering: `SqlWriter`, the only place SQL text is written.

mod writer;

pub use writer::{BindParam, MAX_BIND_PARAMS, SqlWriter};
