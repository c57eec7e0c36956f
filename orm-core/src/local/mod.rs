//! The embedded default: a PostgreSQL the library starts itself when neither
//! `DATABASE_URL` nor the conventional local server answers.

#[cfg(feature = "pglite")]
#[allow(dead_code, reason = "called by the embedded default's chooser, which lands with the private server")]
mod in_process;

#[cfg(feature = "pglite")]
#[allow(
    unused_imports,
    reason = "called by the embedded default's chooser, which lands with the private server"
)]
pub(crate) use in_process::{InProcessServer, MAX_CONNECTIONS};
