//! JSONB operators: path access (`->`, `->>`) and key existence (`?`, `?|`, `?&`) on
//! `Json<T>` and `serde_json::Value` columns. Containment (`@>`) is
//! [`ExprOps::contains`](super::ExprOps::contains); `jsonb_set` is
//! [`Column::set_path`](super::Column::set_path).

use std::marker::PhantomData;

use postgres_types::Json;
use serde::Serialize;

use super::{Column, CondNode, Condition, ExprNode, Expression, InSource};
use crate::query::In;
use crate::table::Table;
use crate::types::ColumnType;

/// Column types stored as `jsonb`: `Json<T>` and `serde_json::Value`.
#[diagnostic::on_unimplemented(
    message = "JSON operators need a jsonb column, but this column holds `{Self}`",
    label = "not a jsonb column",
    note = "`get`, `has_key`, `set_path` and JSON `contains` apply to `Json<T>` and `serde_json::Value` columns"
)]
pub trait JsonType: ColumnType {}

impl JsonType for serde_json::Value {}

impl<T> JsonType for Json<T> where Json<T>: ColumnType {}

/// A value bound as a `jsonb` parameter: a `serde_json::Value` (`json!({..})`), or
/// `Json(value)` of any serializable value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a JSON document",
    label = "expected `json!(..)` or `Json(value)`",
    note = "JSON operators take a `serde_json::Value` (build it with `serde_json::json!`) or `Json(value)` of a `Serialize` type"
)]
pub trait JsonArg {
    /// The value as a bind parameter.
    #[doc(hidden)]
    fn into_json_node(self) -> ExprNode;
}

impl JsonArg for serde_json::Value {
    fn into_json_node(self) -> ExprNode {
        ExprNode::bind(self)
    }
}

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> JsonArg for Json<T> {
    fn into_json_node(self) -> ExprNode {
        ExprNode::bind(self)
    }
}

/// Operators on jsonb expressions of table `T`: a jsonb column (`Json<_>` or
/// `serde_json::Value`) or a path into one ([`JsonPath`]).
///
/// They come with `orm::prelude`. On a jsonb column, `get` is the path operator; the
/// row accessor [`Column::get`] is then spelled `Column::get(&Doc::META, &doc)`.
pub trait JsonOps<T>: Expression + Sized {
    /// `self -> key`: the value under `key` of a JSON object, `NULL` when the key is
    /// missing or `self` is not an object. The key is a bind parameter.
    ///
    /// Chain it (`.get("a").get("b")`), compare it with a `serde_json::Value`, or
    /// read it as text with [`JsonPath::as_text`].
    fn get(self, key: impl Into<String>) -> JsonPath<T> {
        JsonPath::new(ExprNode::JsonGet {
            doc: Box::new(self.into_node()),
            key: Box::new(ExprNode::bind(key.into())),
            index: false,
            text: false,
        })
    }

    /// `self -> index`: element `index` of a JSON array (from 0; negative counts from
    /// the end), `NULL` when out of range or `self` is not an array.
    fn at(self, index: i32) -> JsonPath<T> {
        JsonPath::new(ExprNode::JsonGet {
            doc: Box::new(self.into_node()),
            key: Box::new(ExprNode::bind(index)),
            index: true,
            text: false,
        })
    }

    /// `self ? key`: `key` is a top-level key of the object (or a string element of
    /// the array).
    fn has_key<S, I>(self, key: impl Into<String>) -> Condition<S>
    where
        Self: InSource<S, I>,
    {
        key_test(self, " ? ", ExprNode::bind(key.into()))
    }

    /// `self ?| keys`: at least one of `keys` is a top-level key (false for no keys).
    /// The keys are one `text[]` parameter.
    fn has_any_key<S, I, K>(self, keys: K) -> Condition<S>
    where
        Self: InSource<S, I>,
        K: IntoIterator,
        K::Item: Into<String>,
    {
        key_test(self, " ?| ", text_array(keys))
    }

    /// `self ?& keys`: every one of `keys` is a top-level key (true for no keys).
    /// The keys are one `text[]` parameter.
    fn has_all_keys<S, I, K>(self, keys: K) -> Condition<S>
    where
        Self: InSource<S, I>,
        K: IntoIterator,
        K::Item: Into<String>,
    {
        key_test(self, " ?& ", text_array(keys))
    }
}

impl<T: Table, V: ColumnType> JsonOps<T> for Column<T, V> where V::Base: JsonType {}

impl<T: Table> JsonOps<T> for JsonPath<T> {}

fn key_test<S, E: Expression>(doc: E, op: &'static str, keys: ExprNode) -> Condition<S> {
    Condition::new(CondNode::Compare(doc.into_node(), op, keys))
}

/// `keys` as one `text[]` bind parameter.
pub(super) fn text_array<K>(keys: K) -> ExprNode
where
    K: IntoIterator,
    K::Item: Into<String>,
{
    ExprNode::bind(keys.into_iter().map(Into::into).collect::<Vec<String>>())
}

/// A value inside a jsonb column of table `T`: `"meta" -> $1`, built with
/// [`JsonOps::get`] or [`JsonOps::at`]. Its value is `Option<serde_json::Value>`
/// (`NULL` when the path does not exist).
#[must_use = "a JSON path does nothing until it is compared or selected"]
pub struct JsonPath<T> {
    node: ExprNode,
    table: PhantomData<fn() -> T>,
}

impl<T> JsonPath<T> {
    fn new(node: ExprNode) -> Self {
        JsonPath { node, table: PhantomData }
    }

    /// The same value as text (`->>` for the last step): a JSON string without its
    /// quotes, other values in their JSON form, `NULL` when the path does not exist or
    /// holds JSON `null`. Compare it like a text column: `.eq("premium")`,
    /// `.in_list([..])`, `.like(..)`, `.is_null()`.
    pub fn as_text(self) -> JsonText<T> {
        let mut node = self.node;
        if let ExprNode::JsonGet { text, .. } = &mut node {
            *text = true;
        }
        JsonText { node, table: PhantomData }
    }
}

impl<T: Table> Expression for JsonPath<T> {
    type Value = Option<serde_json::Value>;

    fn into_node(self) -> ExprNode {
        self.node
    }
}

impl<S, I, T: Table + In<S, I>> InSource<S, I> for JsonPath<T> {}

/// A value inside a jsonb column of table `T`, as text: `"meta" ->> $1`, built with
/// [`JsonPath::as_text`]. Its value is `Option<String>`, so every text operator applies.
#[must_use = "a JSON path does nothing until it is compared or selected"]
pub struct JsonText<T> {
    node: ExprNode,
    table: PhantomData<fn() -> T>,
}

impl<T: Table> Expression for JsonText<T> {
    type Value = Option<String>;

    fn into_node(self) -> ExprNode {
        self.node
    }
}

impl<S, I, T: Table + In<S, I>> InSource<S, I> for JsonText<T> {}
