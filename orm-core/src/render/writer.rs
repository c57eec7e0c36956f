//! `SqlWriter`: one buffer of SQL text with `$n` placeholders and the values they bind.

use postgres_types::ToSql;

/// PostgreSQL's limit on bind parameters in one statement.
pub const MAX_BIND_PARAMS: usize = 65_535;

/// A value bound as a statement parameter.
pub type BindParam<'a> = &'a (dyn ToSql + Sync);

/// Accumulates the SQL text of one statement and the values it binds.
///
/// Only [`push_bind`](Self::push_bind) writes `$n`, only [`push_ident`](Self::push_ident)
/// writes identifiers (always quoted). Values never enter the text.
///
/// ```
/// use orm_core::render::SqlWriter;
///
/// let name = String::from("Ada");
/// let mut w = SqlWriter::new();
/// w.push_sql("SELECT 1 FROM ");
/// w.push_ident("odd\"name");
/// w.push_sql(" WHERE ");
/// w.push_ident("name");
/// w.push_sql(" = ");
/// w.push_bind(&name);
/// assert_eq!(w.sql(), r#"SELECT 1 FROM "odd""name" WHERE "name" = $1"#);
/// assert_eq!(w.params().len(), 1);
/// ```
#[derive(Default)]
pub struct SqlWriter<'a> {
    sql: String,
    params: Vec<BindParam<'a>>,
    /// How deeply nested the SELECT being written is: tables of a subquery are aliased
    /// `"t__1"`, `"t__2"`, .. so a correlated reference to the same table stays apart.
    depth: u32,
    /// Collect the bound values only: a prepared query's text is already written.
    values_only: bool,
    /// The values of a prepared query's parameters, by slot number.
    slots: &'a [BindParam<'a>],
    /// Why the statement must not be sent, found while writing it (a `Param` used
    /// outside `prepare`, a LIKE pattern PostgreSQL would refuse).
    refusal: Option<&'static str>,
}

/// What an unfilled slot binds while a prepared query's text is written (never sent).
static UNFILLED: Option<i32> = None;

/// Stands for `DEFAULT` among the values a values-only writer collects (never sent).
static DEFAULT_MARKER: Option<i32> = None;

impl<'a> SqlWriter<'a> {
    /// An empty writer.
    pub fn new() -> Self {
        Self::with_capacity(256)
    }

    /// An empty writer whose buffer holds `bytes` of SQL before it grows.
    pub fn with_capacity(bytes: usize) -> Self {
        // Room for a few values: most statements bind one to four.
        SqlWriter { sql: String::with_capacity(bytes), params: Vec::with_capacity(4), ..SqlWriter::default() }
    }

    /// A writer that only collects bound values, `slots` filling a prepared query's
    /// parameters: the text of the same statement is already known.
    pub(crate) fn values_only(slots: &'a [BindParam<'a>], capacity: usize) -> Self {
        SqlWriter { values_only: true, slots, params: Vec::with_capacity(capacity), ..SqlWriter::default() }
    }

    /// Appends the `$n` of a prepared query's parameter `slot`, bound to its value when
    /// the writer was given one.
    pub(crate) fn push_slot(&mut self, slot: usize) {
        match self.slots.get(slot) {
            Some(value) => self.push_bind(*value),
            None => {
                if !self.values_only {
                    self.refuse(
                        "a `Param` was used in a query that `prepare` did not build; use it only inside its `prepare` closure",
                    );
                }
                self.push_bind(&UNFILLED);
            }
        }
    }

    /// Marks the statement as one that must not be sent, for the reason given (the
    /// first reason found is kept).
    pub(crate) fn refuse(&mut self, why: &'static str) {
        self.refusal.get_or_insert(why);
    }

    /// Why the statement must not be sent, if something written refused it.
    pub(crate) fn refusal(&self) -> Option<&'static str> {
        self.refusal
    }

    /// Appends trusted SQL text (keywords, operators, punctuation).
    pub fn push_sql(&mut self, sql: &str) {
        if !self.values_only {
            self.sql.push_str(sql);
        }
    }

    /// Appends an identifier, double-quoted, with every `"` doubled.
    pub fn push_ident(&mut self, ident: &str) {
        if self.values_only {
            return;
        }
        self.sql.reserve(ident.len() + 2);
        self.sql.push('"');
        if ident.as_bytes().contains(&b'"') {
            for part in ident.split_inclusive('"') {
                self.sql.push_str(part);
                if part.ends_with('"') {
                    self.sql.push('"');
                }
            }
        } else {
            self.sql.push_str(ident);
        }
        self.sql.push('"');
    }

    /// Appends `"table"."column"` (the table under its alias inside a subquery).
    pub fn push_qualified(&mut self, table: &str, column: &str) {
        self.push_table_alias(table, self.depth);
        self.push_sql(".");
        self.push_ident(column);
    }

    /// Appends a column of the enclosing query, from inside a subquery.
    pub(crate) fn push_outer_qualified(&mut self, table: &str, column: &str) {
        self.push_table_alias(table, self.depth.saturating_sub(1));
        self.push_sql(".");
        self.push_ident(column);
    }

    /// Appends a table in a FROM clause: `"table"`, or `"table" AS "table__n"` in a subquery.
    pub(crate) fn push_table(&mut self, table: &str) {
        self.push_ident(table);
        if self.depth > 0 {
            self.push_sql(" AS ");
            self.push_table_alias(table, self.depth);
        }
    }

    /// Appends `"source" AS "table"` (aliased as [`push_table`](Self::push_table) would):
    /// rows of `source` read under the table's name.
    pub(crate) fn push_source_as_table(&mut self, source: &str, table: &str) {
        self.push_ident(source);
        self.push_sql(" AS ");
        self.push_table_alias(table, self.depth);
    }

    fn push_table_alias(&mut self, table: &str, depth: u32) {
        if depth == 0 {
            self.push_ident(table);
        } else if !self.values_only {
            self.push_ident(&format!("{table}__{depth}"));
        }
    }

    /// Whether the writer is at the outermost query (not inside a subquery).
    pub(crate) fn at_top_level(&self) -> bool {
        self.depth == 0
    }

    /// Runs `render` one subquery level deeper.
    pub(crate) fn nested(&mut self, render: impl FnOnce(&mut Self)) {
        self.depth += 1;
        render(self);
        self.depth -= 1;
    }

    /// Appends `DEFAULT`: an insert's column left to the server. A values-only writer
    /// records it among the values as a marker that is never sent.
    pub fn push_default(&mut self) {
        if self.values_only {
            self.params.push(&DEFAULT_MARKER);
        } else {
            self.sql.push_str("DEFAULT");
        }
    }

    /// Whether a value a values-only writer collected stands for `DEFAULT`.
    pub(crate) fn is_default(value: BindParam<'_>) -> bool {
        std::ptr::addr_eq(value, &DEFAULT_MARKER)
    }

    /// Appends the next `$n` placeholder and binds `value` to it.
    pub fn push_bind(&mut self, value: BindParam<'a>) {
        self.params.push(value);
        if !self.values_only {
            push_placeholder(&mut self.sql, self.params.len());
        }
    }

    /// Binds `value` to the next parameter number without writing `$n`: for trusted
    /// text that numbers its own placeholders.
    pub(crate) fn push_param(&mut self, value: BindParam<'a>) {
        self.params.push(value);
    }

    /// The SQL text written so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The bound values, in placeholder order.
    pub fn params(&self) -> &[BindParam<'a>] {
        &self.params
    }

    /// How many values are bound.
    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    /// Takes the SQL text and the bound values.
    pub fn finish(self) -> (String, Vec<BindParam<'a>>) {
        (self.sql, self.params)
    }
}

/// Appends `$n` without going through `fmt` (it runs for every bound value).
fn push_placeholder(sql: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    sql.push('$');
    sql.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::push_placeholder;

    #[test]
    fn placeholders_are_numbered_in_decimal() {
        let mut sql = String::new();
        for n in [1, 9, 10, 99, 100, 65_535] {
            push_placeholder(&mut sql, n);
            sql.push(' ');
        }
        assert_eq!(sql, "$1 $9 $10 $99 $100 $65535 ");
    }
}
