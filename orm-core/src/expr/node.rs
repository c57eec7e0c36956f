//! `ExprNode`: the untyped expression tree the typed API builds, and its rendering.

use std::fmt;

use postgres_types::ToSql;

use crate::query::Statement;
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
    /// `$n`, bound to parameter number `.0` of a prepared query when it runs.
    Slot(usize),
    /// `EXCLUDED."column"`
    Excluded(&'static str),
    /// A column of the enclosing query, inside a correlated subquery.
    Outer {
        /// The table name.
        table: &'static str,
        /// The column name.
        column: &'static str,
    },
    /// `name([DISTINCT] arg)`, or `name(*)` without an argument.
    Aggregate {
        /// The function name (trusted: only this crate's aggregate helpers build it).
        name: &'static str,
        /// `DISTINCT` before the argument.
        distinct: bool,
        /// The argument; `*` when `None`.
        arg: Option<Box<ExprNode>>,
    },
    /// `(SELECT ..)`, a scalar subquery.
    Subquery(SubqueryNode),
    /// `doc -> key` (`->>` when `text`); an array index is cast: `doc -> $1::integer`.
    JsonGet {
        /// The jsonb document.
        doc: Box<ExprNode>,
        /// The bound key (text) or index (integer).
        key: Box<ExprNode>,
        /// `key` is an array index.
        index: bool,
        /// `->>`: the value as text.
        text: bool,
    },
    /// `jsonb_set(doc, path, value, true)`
    JsonSet {
        /// The jsonb document.
        doc: Box<ExprNode>,
        /// The bound `text[]` path.
        path: Box<ExprNode>,
        /// The bound jsonb value.
        value: Box<ExprNode>,
    },
}

/// A SELECT nested in another statement; its parameters continue the outer numbering.
#[doc(hidden)]
pub struct SubqueryNode(pub(crate) Box<dyn Statement>);

impl SubqueryNode {
    /// Writes `(SELECT ..)`.
    pub(crate) fn render<'a>(&'a self, w: &mut SqlWriter<'a>) {
        w.push_sql("(");
        w.nested(|w| self.0.render_part(0, w));
        w.push_sql(")");
    }
}

impl fmt::Debug for SubqueryNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.0.to_sql())
    }
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
            ExprNode::Slot(slot) => w.push_slot(*slot),
            ExprNode::Excluded(column) => {
                w.push_sql("EXCLUDED.");
                w.push_ident(column);
            }
            ExprNode::Outer { table, column } => w.push_outer_qualified(table, column),
            ExprNode::Aggregate { name, distinct, arg } => {
                w.push_sql(name);
                w.push_sql(if *distinct { "(DISTINCT " } else { "(" });
                match arg {
                    Some(arg) => arg.render(w),
                    None => w.push_sql("*"),
                }
                w.push_sql(")");
            }
            ExprNode::Subquery(select) => select.render(w),
            ExprNode::JsonGet { doc, key, index, text } => {
                doc.render(w);
                w.push_sql(if *text { " ->> " } else { " -> " });
                key.render(w);
                if *index {
                    // An untyped parameter after `->` would be taken for a text key.
                    w.push_sql("::integer");
                }
            }
            ExprNode::JsonSet { doc, path, value } => {
                w.push_sql("jsonb_set(");
                doc.render(w);
                w.push_sql(", ");
                path.render(w);
                w.push_sql(", ");
                value.render(w);
                w.push_sql(", true)");
            }
        }
    }
}

impl fmt::Debug for ExprNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExprNode::Column { table, column } => write!(f, "{table}.{column}"),
            ExprNode::Bind(value) => write!(f, "{value:?}"),
            ExprNode::Slot(slot) => write!(f, "param #{slot}"),
            ExprNode::Excluded(column) => write!(f, "EXCLUDED.{column}"),
            ExprNode::Outer { table, column } => write!(f, "outer {table}.{column}"),
            ExprNode::Aggregate { name, distinct, arg } => write!(f, "{name}({distinct:?}, {arg:?})"),
            ExprNode::Subquery(select) => select.fmt(f),
            ExprNode::JsonGet { doc, key, text, .. } => {
                write!(f, "{doc:?} {} {key:?}", if *text { "->>" } else { "->" })
            }
            ExprNode::JsonSet { doc, path, value } => write!(f, "jsonb_set({doc:?}, {path:?}, {value:?})"),
        }
    }
}
