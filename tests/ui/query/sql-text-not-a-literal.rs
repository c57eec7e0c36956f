//! `sql!` takes its SQL text as a string literal: a runtime `String` cannot become SQL text.

use orm::prelude::*;

fn main() {
    let user_input = String::from("SELECT * FROM users WHERE name = 'x' OR true");
    let _ = sql!(user_input);
}
