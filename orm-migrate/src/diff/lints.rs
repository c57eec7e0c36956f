//! What a change risks: data loss or failure on rows (refused without
//! `--allow-data-loss`), and locks on existing tables (warnings).

use super::{Change, Hazard, types};

/// The hazard of a change, if any.
pub(crate) fn hazard(change: &Change) -> Option<Hazard> {
    match change {
        Change::DropTable(_) | Change::DropColumn { .. } => Some(Hazard::DataLoss),
        Change::AlterType { from, to, .. } if !types::is_widening(from, to) => Some(Hazard::DataLoss),
        Change::RebuildEnum { from, to, .. } if from.labels.iter().any(|l| !to.labels.contains(l)) => {
            Some(Hazard::DataLoss)
        }
        Change::AddColumn { column, .. }
            if !column.nullable && column.default.is_none() && !column.identity =>
        {
            Some(Hazard::FailsOnRows)
        }
        Change::SetNotNull { backfill: None, .. } => Some(Hazard::FailsOnRows),
        _ => None,
    }
}

/// Why a hazardous change is refused, with the live row count when known.
pub(crate) fn refusal_reason(change: &Change, rows: Option<u64>) -> String {
    let table_rows = |what: &str| match rows {
        Some(n) => format!("{what}; the table has {n} rows"),
        None => what.to_owned(),
    };
    match change {
        Change::DropTable(_) | Change::DropColumn { .. } => table_rows("deletes data"),
        Change::AlterType { .. } => {
            table_rows("a narrowing type change: values that do not fit are cut or make it fail")
        }
        Change::RebuildEnum { .. } => {
            "a row still holding a removed value makes it fail: update those rows first".to_owned()
        }
        Change::SetNotNull { .. } => match rows {
            Some(n) => format!("fails: {n} rows hold NULL; set them first, or give the column a default"),
            None => "fails if a row holds NULL; set them first, or give the column a default".to_owned(),
        },
        _ => match rows {
            Some(n) => {
                format!("fails: the table has {n} rows; give the column a default or make it nullable")
            }
            None => "fails on a table with rows; give the column a default or make it nullable".to_owned(),
        },
    }
}

/// Lint warnings for a change to a table that already exists (`existing`).
pub(crate) fn lints(change: &Change, existing: &dyn Fn(&str) -> bool) -> Vec<String> {
    let on_existing = change.table().is_some_and(existing);
    let lint = match change {
        Change::CreateIndex { table, .. } if on_existing => format!(
            "the index is built without CONCURRENTLY, blocking writes to {table:?} until it is built; \
             for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own \
             whose first line is `-- orm:no-transaction`"
        ),
        Change::AddForeignKey { table, key } if on_existing => format!(
            "adding the foreign key checks every row of {table:?} while writes to {table:?} and {:?} wait; \
             for a large table, add it with NOT VALID, then VALIDATE CONSTRAINT in a later migration",
            key.references
        ),
        Change::AddPrimaryKey { table, .. } | Change::AddUnique { table, .. } if on_existing => format!(
            "the key builds a unique index on {table:?} while writes wait, and fails if rows repeat a key; \
             for a large table, build the index CONCURRENTLY first and add the constraint USING INDEX"
        ),
        Change::AddCheck { table, .. } if on_existing => format!(
            "adding the check reads every row of {table:?} while writes wait, and fails if a row breaks it; \
             for a large table, add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"
        ),
        Change::AlterType { table, from, to, .. } if on_existing && !types::keeps_storage(from, to) => {
            format!(
                "changing {from} to {to} rewrites {table:?} under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done"
            )
        }
        Change::SetNotNull { table, .. } if on_existing => format!(
            "SET NOT NULL scans {table:?} under an ACCESS EXCLUSIVE lock and fails if a NULL remains; \
             for a large table, add a CHECK (.. IS NOT NULL) NOT VALID constraint and validate it first"
        ),
        Change::AddEnumValue { .. } => {
            "a value added to an enum type cannot be used until the migration's transaction commits: \
             use it in a later migration"
                .to_owned()
        }
        _ => return Vec::new(),
    };
    vec![lint]
}
