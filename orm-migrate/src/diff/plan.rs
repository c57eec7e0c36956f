//! `Plan`: the ordered steps between two snapshots, their SQL, and what they risk.

use std::fmt;

use super::step::Change;
use crate::snapshot::Snapshot;

/// The steps that take a database from one snapshot to another, in the order
/// they run. Made by [`diff`](crate::diff).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub(crate) steps: Vec<Step>,
}

/// One step of a [`Plan`]: a description, its SQL, the SQL that undoes it (when
/// it can be undone), the data it puts at risk, and lint warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub(crate) change: Change,
    description: String,
    up: String,
    down: Option<String>,
    hazard: Option<Hazard>,
    lints: Vec<String>,
}

/// What a step can do to the data already in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hazard {
    /// The step deletes data: a dropped table or column, a removed enum value,
    /// a narrowing type change.
    DataLoss,
    /// The step fails on a table that has rows: a NOT NULL column added without
    /// a default.
    FailsOnRows,
}

impl Step {
    pub(crate) fn new(
        change: Change,
        from: &Snapshot,
        to: &Snapshot,
        hazard: Option<Hazard>,
        lints: Vec<String>,
    ) -> Step {
        Step {
            description: change.describe(),
            up: change.up_sql(to),
            down: change.down_sql(from),
            change,
            hazard,
            lints,
        }
    }

    /// What the step does, in one line: `drop column "users"."bio"`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The table the step is about, if any.
    pub fn table(&self) -> Option<&str> {
        self.change.table()
    }

    /// The step's SQL: one or more statements, each ending with `;`.
    pub fn sql(&self) -> &str {
        &self.up
    }

    /// The SQL that undoes the step; `None` when it cannot be undone (a dropped
    /// table or column, an added or removed enum value).
    pub fn down_sql(&self) -> Option<&str> {
        self.down.as_deref()
    }

    /// What the step can do to existing rows, if anything.
    pub fn hazard(&self) -> Option<Hazard> {
        self.hazard
    }

    /// Warnings about locks the step takes on a table that already exists.
    pub fn lints(&self) -> &[String] {
        &self.lints
    }
}

impl Plan {
    /// `true` when the snapshots describe the same schema.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps, in the order they run.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The forward SQL: each step's statements under a `-- <description>`
    /// comment, with its lint warnings and hazards as comments too.
    pub fn up_sql(&self) -> String {
        let mut sql = String::new();
        for step in &self.steps {
            if !sql.is_empty() {
                sql.push('\n');
            }
            sql.push_str(&format!("-- {}\n", step.description));
            match step.hazard {
                Some(Hazard::DataLoss) => {
                    sql.push_str("-- DATA LOSS: this step deletes data and cannot be undone\n")
                }
                Some(Hazard::FailsOnRows) => sql.push_str("-- fails if the table has rows\n"),
                None => {}
            }
            for lint in &step.lints {
                sql.push_str(&format!("-- warning: {lint}\n"));
            }
            sql.push_str(&step.up);
        }
        sql
    }

    /// The SQL that undoes the plan: the steps' inverses in reverse order; a step
    /// that cannot be undone is named in a `-- irreversible:` comment.
    pub fn down_sql(&self) -> String {
        let mut sql = String::new();
        for step in self.steps.iter().rev() {
            if !sql.is_empty() {
                sql.push('\n');
            }
            match &step.down {
                Some(down) => {
                    sql.push_str(&format!("-- undo: {}\n", step.description));
                    sql.push_str(down);
                }
                None => sql.push_str(&format!("-- irreversible: {}\n", step.description)),
            }
        }
        sql
    }

    /// The steps that cannot be undone, by description.
    pub fn irreversible(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.down.is_none())
    }

    /// Refuses the plan when it deletes data or fails on rows, unless
    /// `allow_data_loss`. `rows` says, for a step, how many rows of the live
    /// database it touches, when there is a live database: for most steps the
    /// rows of its table, for making a column NOT NULL the rows holding NULL. A
    /// step that fails on rows is let through when it touches none, and the
    /// counts are named in the refusal.
    pub fn check_safety(
        &self,
        allow_data_loss: bool,
        rows: impl Fn(&Step) -> Option<u64>,
    ) -> Result<(), Refused> {
        if allow_data_loss {
            return Ok(());
        }
        let steps: Vec<RefusedStep> = self
            .steps
            .iter()
            .filter_map(|step| {
                let hazard = step.hazard?;
                let count = rows(step);
                if hazard == Hazard::FailsOnRows && count == Some(0) {
                    return None;
                }
                Some(RefusedStep {
                    description: step.description.clone(),
                    table: step.table().map(str::to_owned),
                    rows: count,
                    hazard,
                    reason: super::lints::refusal_reason(&step.change, count),
                })
            })
            .collect();
        if steps.is_empty() { Ok(()) } else { Err(Refused { steps }) }
    }
}

/// A plan refused by [`Plan::check_safety`]: every step that deletes data or
/// would fail on existing rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Refused {
    /// The refused steps, in plan order.
    pub steps: Vec<RefusedStep>,
}

/// One refused step.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefusedStep {
    /// What the step does.
    pub description: String,
    /// The table it is about.
    pub table: Option<String>,
    /// The table's row count in the live database, when known.
    pub rows: Option<u64>,
    /// Why it is refused.
    pub hazard: Hazard,
    /// What happens to the rows, and what to do instead.
    pub reason: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "refused: {} step(s) would delete data or fail on existing rows:", self.steps.len())?;
        for step in &self.steps {
            writeln!(f, "  - {} ({})", step.description, step.reason)?;
        }
        write!(f, "nothing was written or applied; pass --allow-data-loss to accept these steps")
    }
}
