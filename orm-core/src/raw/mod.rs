//! Raw SQL: `sql!("SELECT .. WHERE owner = {}", value)` binds every `{}` as a parameter;
//! `Sql::raw_unchecked` takes trusted text for what `sql!` cannot say.

mod arg;
mod template;

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use postgres_types::ToSql;

pub use arg::SqlArg;
#[doc(hidden)]
pub use template::check_template;

use crate::error::{Error, Result};
use crate::query::Statement;
use crate::render::SqlWriter;

/// A raw SQL statement with its bound values; build it with [`sql!`](crate::sql!).
///
/// Run it with `.fetch_all::<T>(&db)`, `.fetch_one`, `.fetch_optional` or `.execute`,
/// where `T` is a derived table, a column type, or a tuple of column types, decoded
/// by position.
///
/// Raw SQL may change the session it runs on (`SET`, `SET ROLE`, `LISTEN`, a temporary
/// table, a session advisory lock): the pool resets such a session before its next
/// caller, at the cost of one round trip then. For a per-request setting, use
/// [`Transaction::set_local`](crate::Transaction::set_local) instead of a `SET`.
#[must_use = "a statement does nothing until it is run with `.fetch_all(&db)` or `.execute(&db)`"]
pub struct Sql {
    /// Text pieces around the placeholders: one more than `params` for a template.
    pieces: Vec<Cow<'static, str>>,
    params: Vec<Box<dyn ToSql + Send + Sync>>,
    /// Built by `sql!`: its values are inline, `bind` does not apply.
    template: bool,
    /// `.timeout(..)`: the time limit of the call that runs this statement.
    timeout: Option<Duration>,
}

impl Sql {
    /// What `sql!` expands to: `template` was checked at compile time.
    #[doc(hidden)]
    pub fn __template(template: &'static str, params: Vec<Box<dyn ToSql + Send + Sync>>) -> Sql {
        Sql { pieces: template::split(template), params, template: true, timeout: None }
    }

    /// Trusted SQL text, sent as it is, with `$1`, `$2`, .. for the values given with
    /// [`bind`](Self::bind).
    ///
    /// # Danger
    ///
    /// Nothing checks this text. Building it from anything a user can influence (a
    /// request field, a file name, a column name from a query string) is SQL
    /// injection: the user then writes your SQL. Use [`sql!`](crate::sql!), whose text
    /// must be a literal in the source, and pass every value as a parameter. Reach for
    /// this only for text the program itself controls, such as DDL generated from the
    /// schema.
    pub fn raw_unchecked(text: impl Into<String>) -> Sql {
        Sql { pieces: vec![Cow::Owned(text.into())], params: Vec::new(), template: false, timeout: None }
    }

    /// Binds the next `$n` of a [`raw_unchecked`](Self::raw_unchecked) text (a `sql!`
    /// statement takes its values inline and refuses extra ones when run).
    pub fn bind(mut self, value: impl SqlArg) -> Sql {
        self.params.push(value.into_param());
        self
    }

    crate::query::timeout_method!(timeout);
}

impl fmt::Debug for Sql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sql").field("sql", &self.to_sql()).field("params", &self.params.len()).finish()
    }
}

impl Statement for Sql {
    fn time_limit(&self) -> Option<Duration> {
        self.timeout
    }

    fn validate(&self) -> Result<()> {
        if self.template && self.pieces.len() != self.params.len() + 1 {
            return Err(Error::InvalidRawSql(
                "`bind` is for `Sql::raw_unchecked`; `sql!` takes its values inline",
            ));
        }
        if !self.template && self.pieces.iter().any(|piece| template::is_transaction_control(piece)) {
            return Err(Error::InvalidRawSql(
                "transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ..) belongs to `db.transaction(..)`",
            ));
        }
        Ok(())
    }

    fn render_part<'a>(&'a self, _part: usize, w: &mut SqlWriter<'a>) {
        if self.pieces.len() == self.params.len() + 1 {
            for (i, piece) in self.pieces.iter().enumerate() {
                w.push_sql(piece);
                if let Some(param) = self.params.get(i) {
                    w.push_bind(param.as_ref());
                }
            }
        } else {
            // Trusted text that numbers its own placeholders.
            for piece in &self.pieces {
                w.push_sql(piece);
            }
            for param in &self.params {
                w.push_param(param.as_ref());
            }
        }
    }
}

/// Raw SQL whose every `{}` is bound as a parameter, in order; the text must be a
/// string literal, so no runtime string can become SQL text.
///
/// Write `{{` and `}}` for literal braces, and never `$1`: the macro numbers the
/// placeholders itself. A mismatch between `{}` and values fails to compile.
///
/// ```
/// use orm_core::sql;
/// use orm_core::Statement;
///
/// let owner = "ada";
/// let query = sql!("SELECT id, title FROM posts WHERE owner = {} AND stars > {}", owner, 10_i32);
/// assert_eq!(query.to_sql(), "SELECT id, title FROM posts WHERE owner = $1 AND stars > $2");
/// ```
#[macro_export]
macro_rules! sql {
    ($text:literal $(, $arg:expr)* $(,)?) => {{
        const __ORM_SQL_TEXT: &str = $text;
        const _: () = $crate::raw::check_template(__ORM_SQL_TEXT, 0 $(+ $crate::__one!($arg))*);
        $crate::raw::Sql::__template(__ORM_SQL_TEXT, ::std::vec![$($crate::raw::SqlArg::into_param($arg)),*])
    }};
    ($($other:tt)*) => {
        ::core::compile_error!(
            "`sql!` takes a string literal and then the values for its `{}` placeholders, e.g. \
             `sql!(\"SELECT * FROM users WHERE id = {}\", id)`; runtime strings cannot become SQL text \
             (for trusted text see `Sql::raw_unchecked`)"
        )
    };
}

/// `1` for each macro argument (counts `sql!` values at compile time).
#[doc(hidden)]
#[macro_export]
macro_rules! __one {
    ($arg:expr) => {
        1usize
    };
}
