//! `ExprNode`: the untyped expression tree the typed API builds, and its rendering.

use std::fmt;

use postgres_types::ToSql;

use crate::render::SqlWriter;

/// One value-producing node of a statement. Built by the typed API; rarely used directly.
#[doc(hidden)]
pub enum ExprNode {
    /// `"table"."column"`
    Column {
        /// The table name.
        table: &'static str,
        /// The column name.
        column: &'static str,
    },
    /// `$n`, bound to the owned value.
    Bind(Box<dyn ToSql + Send + Sync>),
    /// `EXCLUDED."column"`
    Excluded(&'static str),
}

impl ExprNode {
    /// A bind parameter holding `value`.
    pub fn bind<V: ToSql + Send + Sync + 'static>(value: V) -> Self {
        ExprNode::Bind(Box::new(value))
    }

    /// Writes the node.
    pub fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        match self {
            ExprNode::Column { table, column } => w.push_qualified(table, column),
            ExprNode::Bind(value) => w.push_bind(value.as_ref()),
            ExprNode::Excluded(column) => {
                w.push_sql("EXCLUDED.");
                w.push_ident(column);
            }
        }
    }
}

impl fmt::Debug for ExprNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExprNode::Column { table, column } => write!(f, "{table}.{column}"),
            ExprNode::Bind(value) => write!(f, "{value:?}"),
            ExprNode::Excluded(column) => write!(f, "EXCLUDED.{column}"),
        }
    }
}
