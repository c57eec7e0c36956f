//! Connecting as libpq does, against private PostgreSQL servers of the tests' own: TLS
//! in every sslmode with certificates made here (rcgen), client certificates, password
//! logins, the PG* environment variables, and errors that name what failed without
//! ever showing the password.
//!
//! Each server setup (TLS, expired certificate, no TLS) starts once per run and is
//! stopped by a watchdog when the test binary exits.

// Test helpers are `pub` as an application's would be; nothing outside this crate uses them.
#![allow(unreachable_pub)]

#[path = "../support/certificates.rs"]
mod certificates;
#[path = "../support/private_server.rs"]
mod private_server;
mod support;

mod cancel_over_tls;
mod client_certs;
mod passwords;
mod pg_variables;
mod redaction;
mod tls_modes;
