//! `Containable`: what `.contains(..)` means for a column type: a literal substring
//! for text (`LIKE`), a sub-document for jsonb (`@>`).

use std::borrow::Cow;

use postgres_types::Json;

use super::json::{JsonArg, JsonType};
use super::ops::{like_literal, like_node};
use super::{CondNode, Condition, ExprNode};

/// A column type whose values `.contains(needle)` can test, and how: text columns
/// take text (`LIKE '%needle%'`, matched literally), jsonb columns take a JSON
/// document (`@>`: every key and value of the needle is in the column's document).
#[diagnostic::on_unimplemented(
    message = "`contains` on a column of type `{Self}` cannot take `{A}`",
    label = "not something a `{Self}` column can contain",
    note = "text columns take text: `.contains(\"50%\")`; jsonb columns take a JSON document: `.contains(json!({{\"plan\": \"pro\"}}))` or `.contains(Json(value))`"
)]
pub trait Containable<A> {
    /// The condition `expr` contains `needle`.
    #[doc(hidden)]
    fn contains_condition<S>(expr: ExprNode, needle: A) -> Condition<S>;
}

/// Text needles, one impl each (not `impl<A: AsRef<str>>`), so that a wrong needle
/// reports `Containable`'s message instead of a bare `AsRef<str>` bound.
macro_rules! text_needle {
    ($($needle:ty),*) => {$(
        impl Containable<$needle> for String {
            fn contains_condition<S>(expr: ExprNode, needle: $needle) -> Condition<S> {
                let needle: &str = needle.as_ref();
                like_node(expr, " LIKE ", format!("%{}%", like_literal(needle)))
            }
        }
    )*};
}

text_needle!(&str, String, &String, Cow<'_, str>);

impl<A: JsonArg> Containable<A> for serde_json::Value {
    fn contains_condition<S>(expr: ExprNode, needle: A) -> Condition<S> {
        json_contains(expr, needle)
    }
}

impl<T, A: JsonArg> Containable<A> for Json<T>
where
    Json<T>: JsonType,
{
    fn contains_condition<S>(expr: ExprNode, needle: A) -> Condition<S> {
        json_contains(expr, needle)
    }
}

fn json_contains<S>(expr: ExprNode, needle: impl JsonArg) -> Condition<S> {
    Condition::new(CondNode::Compare(expr, " @> ", needle.into_json_node()))
}
