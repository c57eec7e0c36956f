//! `jsonb_set` in updates: `.set(Doc::META, Doc::META.set_path(["plan"], json!("pro")))`
//! changes one value inside a document and keeps the rest.

use std::marker::PhantomData;

use super::json::{JsonArg, JsonType, text_array};
use super::{AsAssign, AsUpsertValue, Column, ExprNode, Expression};
use crate::table::Table;
use crate::types::ColumnType;

impl<T: Table, V: ColumnType> Column<T, V>
where
    V::Base: JsonType,
{
    /// `jsonb_set(col, path, value, true)`: the document with the value at `path`
    /// replaced by `value`, or added when the last key of `path` is missing; every
    /// other key is kept. Assign it to a jsonb column with `.set(..)`.
    ///
    /// `path` names object keys, and array elements by their index as text
    /// (`["tags", "0"]`); it and `value` are bind parameters. PostgreSQL leaves the
    /// document as it is when a key before the last is missing, and a `NULL` column
    /// stays `NULL`.
    ///
    /// ```text
    /// Doc::update().set(Doc::META, Doc::META.set_path(["plan"], json!("pro"))).filter(..)
    /// // UPDATE "docs" SET "meta" = jsonb_set("docs"."meta", $1, $2, true) WHERE ..
    /// ```
    pub fn set_path<P>(self, path: P, value: impl JsonArg) -> JsonSet<T, V>
    where
        P: IntoIterator,
        P::Item: Into<String>,
    {
        JsonSet::new(self.into_node(), path, value)
    }
}

/// A jsonb document of a column of `T` with one value changed:
/// `jsonb_set(doc, $1, $2, true)`, from [`Column::set_path`]. `.set(..)` assigns it
/// to a column of type `V`.
#[must_use = "a changed document does nothing until it is assigned with `.set(col, ..)`"]
pub struct JsonSet<T, V> {
    node: ExprNode,
    marker: PhantomData<fn() -> (T, V)>,
}

impl<T, V> JsonSet<T, V> {
    fn new<P>(doc: ExprNode, path: P, value: impl JsonArg) -> Self
    where
        P: IntoIterator,
        P::Item: Into<String>,
    {
        let node = ExprNode::JsonSet {
            doc: Box::new(doc),
            path: Box::new(text_array(path)),
            value: Box::new(value.into_json_node()),
        };
        JsonSet { node, marker: PhantomData }
    }

    /// Changes one more value of the same document: `jsonb_set(jsonb_set(..), $3, $4, true)`.
    pub fn set_path<P>(self, path: P, value: impl JsonArg) -> JsonSet<T, V>
    where
        P: IntoIterator,
        P::Item: Into<String>,
    {
        JsonSet::new(self.node, path, value)
    }
}

impl<T, V: ColumnType> AsAssign<T, V> for JsonSet<T, V> {
    fn into_assign(self) -> ExprNode {
        self.node
    }
}

impl<T, V: ColumnType> AsUpsertValue<T, V> for JsonSet<T, V> {
    fn into_upsert_value(self) -> ExprNode {
        self.node
    }
}
