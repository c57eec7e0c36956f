//! Per-column filters of the table view, typed by the column's SQL type: the operators
//! a column offers depend on its kind, and values are bound, cast to the column's type.

use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, TableMeta};

use super::catalog::{self, Kind};

/// A filter operator, as the page names it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Op {
    Contains,
    Eq,
    Lt,
    Gt,
    IsNull,
    NotNull,
}

impl Op {
    pub(crate) const ALL: [Op; 6] = [Op::Contains, Op::Eq, Op::Lt, Op::Gt, Op::IsNull, Op::NotNull];

    /// The name in the URL.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Contains => "contains",
            Op::Eq => "eq",
            Op::Lt => "lt",
            Op::Gt => "gt",
            Op::IsNull => "null",
            Op::NotNull => "notnull",
        }
    }

    /// What the page shows.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Op::Contains => "contains",
            Op::Eq => "=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::IsNull => "is NULL",
            Op::NotNull => "is not NULL",
        }
    }

    fn parse(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Whether the operator takes a value.
    pub(crate) fn takes_value(self) -> bool {
        !matches!(self, Op::IsNull | Op::NotNull)
    }
}

/// The operators a column of this kind offers.
pub(crate) fn ops_for(column: &ColumnMeta) -> Vec<Op> {
    let mut ops = match catalog::kind(&column.sql_type) {
        Kind::Text | Kind::Other => vec![Op::Contains, Op::Eq],
        Kind::Number | Kind::Date | Kind::DateTime | Kind::Time => vec![Op::Eq, Op::Lt, Op::Gt],
        Kind::Boolean | Kind::Choice => vec![Op::Eq],
    };
    if column.nullable {
        ops.extend([Op::IsNull, Op::NotNull]);
    }
    ops
}

/// One filter: column, operator and the value as typed.
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    pub(crate) column: &'static ColumnMeta,
    pub(crate) op: Op,
    pub(crate) value: String,
}

/// The filters a request asks for (`op_<column>=eq&f_<column>=42`), keeping only real
/// columns with an operator they offer; an operator that needs a value and got none is
/// dropped (an empty filter box filters nothing).
pub(crate) fn parse(table: &TableMeta, pairs: &[(String, String)]) -> Vec<Filter> {
    let mut out = Vec::new();
    for (key, op) in pairs {
        let Some(name) = key.strip_prefix("op_") else { continue };
        let (Some(column), Some(op)) = (catalog::column(table, name), Op::parse(op)) else { continue };
        if !ops_for(column).contains(&op) {
            continue;
        }
        let value_key = format!("f_{name}");
        let value = pairs.iter().find(|(k, _)| *k == value_key).map(|(_, v)| v.clone()).unwrap_or_default();
        if op.takes_value() && value.is_empty() {
            continue;
        }
        out.push(Filter { column, op, value: pattern(op, value) });
    }
    out
}

/// The value to bind: for `contains`, a LIKE pattern matching the text literally.
fn pattern(op: Op, value: String) -> String {
    if op != Op::Contains {
        return value;
    }
    format!("%{}%", orm_core::expr::like_literal(&value))
}

/// The value as the user typed it (without the LIKE escaping), to show in the form.
pub(crate) fn shown_value(filter: &Filter) -> String {
    if filter.op != Op::Contains {
        return filter.value.clone();
    }
    let inner = &filter.value[1..filter.value.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    out
}

/// Writes `cond AND cond ..` for the filters (nothing when there are none).
pub(crate) fn render<'a>(filters: &'a [Filter], w: &mut SqlWriter<'a>) {
    for (i, filter) in filters.iter().enumerate() {
        if i > 0 {
            w.push_sql(" AND ");
        }
        w.push_ident(filter.column.name);
        match filter.op {
            Op::Contains => {
                w.push_sql("::text ILIKE ");
                w.push_bind(&filter.value);
            }
            Op::Eq | Op::Lt | Op::Gt => {
                w.push_sql(match filter.op {
                    Op::Eq => " = ",
                    Op::Lt => " < ",
                    _ => " > ",
                });
                catalog::push_typed_param(w, filter.column, &filter.value);
            }
            Op::IsNull => w.push_sql(" IS NULL"),
            Op::NotNull => w.push_sql(" IS NOT NULL"),
        }
    }
}
