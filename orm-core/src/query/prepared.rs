//! `prepare`: a query rendered once and run many times with new parameter values.

use std::marker::PhantomData;

use super::Statement;
use crate::expr::Params;
use crate::render::SqlWriter;

/// A query whose SQL text is written once, by [`prepare`], and reused by every run:
/// each run only collects the values to bind. The statement is also prepared once per
/// connection (through the connection's statement cache), like every query.
///
/// Run it with the terminals of the query it wraps, passing the parameters' values:
/// `all(&db, values)` / `one(&db, values)` for a select or a `returning()`,
/// `execute(&db, values)` for an update or a delete.
pub struct Prepared<Q, P> {
    query: Q,
    sql: String,
    params: PhantomData<fn(P)>,
}

/// Builds a query once, with typed parameters in place of the values that change
/// between runs, and renders its SQL text once.
///
/// The closure receives one [`Param`](crate::expr::Param), or a tuple of them; the
/// runs pass a value, or a tuple of values in the same order:
///
/// ```text
/// let by_email = orm::prepare(|email: Param<String>| User::select().filter(User::EMAIL.eq(email)));
/// let ada = by_email.one(&db, "ada@example.com".to_owned()).await?;
///
/// let rename = orm::prepare(|(id, name): (Param<i64>, Param<String>)| {
///     User::update().set(User::NAME, name).filter(User::ID.eq(id))
/// });
/// rename.execute(&db, (7, "Grace".to_owned())).await?;
/// ```
///
/// A `.timeout(..)` given to the query in the closure bounds every run.
///
/// (The guide's performance page has this example compiled and run.)
pub fn prepare<P: Params, Q: Statement>(build: impl FnOnce(P) -> Q) -> Prepared<Q, P> {
    let query = build(P::slots());
    let mut w = SqlWriter::new();
    query.render_part(0, &mut w);
    let sql = w.finish().0;
    Prepared { query, sql, params: PhantomData }
}

impl<Q, P: Params> Prepared<Q, P> {
    /// The query, for the terminals.
    pub(crate) fn query(&self) -> &Q {
        &self.query
    }

    /// The SQL text every run sends.
    pub fn sql(&self) -> &str {
        &self.sql
    }
}

impl<Q: std::fmt::Debug, P> std::fmt::Debug for Prepared<Q, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("sql", &self.sql).finish_non_exhaustive()
    }
}
