//! `.explain(&db)` and `.explain_analyze(&db)`: the plan PostgreSQL picks for a select.

use super::client::Executor;
use super::deadline::within_timeout;
use super::run::fetch_rendered;
use crate::error::{Error, Result};
use crate::query::{Select, Selection, Source, Statement};
use crate::render::SqlWriter;

impl<S: Source, C: Selection<S>> Select<S, C> {
    /// The plan PostgreSQL would use for this query (`EXPLAIN`), one plan node per
    /// line, without running it. The values are bound as they would be, so the plan is
    /// the one chosen for them. Tests and tools use it to check that an index is used:
    ///
    /// ```text
    /// let plan = User::select().filter(User::EMAIL.eq("ada@example.com")).explain(&db).await?;
    /// assert!(plan.contains("Index Scan using users_email_key"), "{plan}");
    /// ```
    pub async fn explain<E: Executor>(&self, db: &E) -> Result<String> {
        self.validate_for_explain(db.cursor_key())?;
        explain(self, "EXPLAIN ", db).await
    }

    /// Runs the query (`EXPLAIN (ANALYZE)`) and returns its plan with the actual row
    /// counts and times of each node. The query really runs: its rows are computed and
    /// thrown away, and a locking select takes its locks.
    pub async fn explain_analyze<E: Executor>(&self, db: &E) -> Result<String> {
        self.validate_for_explain(db.cursor_key())?;
        explain(self, "EXPLAIN (ANALYZE) ", db).await
    }
}

/// Runs `command` on the statement, checked by the caller (a keyset select is checked
/// as `.page(&db)` checks it, which `Statement::validate` refuses).
async fn explain<E: Executor>(stmt: &(impl Statement + ?Sized), command: &str, db: &E) -> Result<String> {
    if stmt.parts() != 1 {
        return Err(Error::InvalidQuery("only a statement sent in one part can be explained"));
    }
    let mut w = SqlWriter::new();
    w.push_sql(command);
    stmt.render_part(0, &mut w);
    let rows = within_timeout!(stmt.time_limit(), db => fetch_rendered(db, w).await)?;
    let mut plan = String::new();
    for row in &rows {
        if !plan.is_empty() {
            plan.push('\n');
        }
        plan.push_str(row.try_get::<_, &str>(0)?);
    }
    Ok(plan)
}
