//! `orm studio` driven in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`; `.ci/run` installs them): browse the blog database, filter, page,
//! edit with `--write`, see a validation error, and be refused without the token (401)
//! or when writing to a read-only studio (403).

// Test helpers are `pub` inside this test crate; nothing outside uses them.
#![allow(unreachable_pub)]

mod support;

mod access;
mod browse;
mod column_rules;
mod drift;
mod edit;
mod odd_names;
