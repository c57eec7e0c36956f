//! `diff`: two snapshots → the ordered steps between them.
//!
//! Renames come only from `renamed_from` hints in the target snapshot, never
//! from guessing. Steps run in phases so each finds what it needs: enum types
//! and values first, then renames, then the constraints and indexes that change
//! are dropped, tables created, columns added and altered, enum types rebuilt,
//! columns and tables dropped, and last the new keys, checks, indexes and
//! foreign keys added and unused enum types dropped.

mod lints;
mod match_tables;
mod order;
mod plan;
mod step;
mod types;

pub use plan::{Hazard, Plan, Refused, RefusedStep, Step};
pub(crate) use step::Change;

use std::collections::HashMap;

use crate::snapshot::{EnumSnapshot, Snapshot};
use match_tables::match_tables;
use order::creation_order;

/// The steps that take a database described by `from` to the schema described
/// by `to`. `diff(s, s)` is empty.
///
/// ```
/// use orm_migrate::{Snapshot, diff};
/// use orm::prelude::*;
///
/// #[derive(Table)]
/// #[table(name = "notes")]
/// struct Note {
///     #[column(primary_key, identity)]
///     id: i64,
///     body: Option<String>,
/// }
///
/// let plan = diff(&Snapshot::empty(), &Snapshot::from_schema(&orm::schema![Note]));
/// assert_eq!(plan.steps().len(), 1);
/// assert!(plan.up_sql().contains(r#"CREATE TABLE "notes""#));
/// assert!(plan.down_sql().contains(r#"DROP TABLE "notes";"#));
/// ```
pub fn diff(from: &Snapshot, to: &Snapshot) -> Plan {
    let mut phases = Phases::default();
    diff_enums(from, to, &mut phases);
    let matched = match_tables(from, to);
    for pair in &matched.pairs {
        pair.diff(&mut phases);
    }
    let existing = |name: &str| matched.pairs.iter().any(|p| p.new.name == name);
    for planned in creation_order(&matched.created, to, &existing) {
        let inline: Vec<String> = planned
            .table
            .foreign_keys
            .iter()
            .filter(|k| !planned.deferred.contains(&k.name))
            .map(|k| k.name.clone())
            .collect();
        for key in planned.table.foreign_keys.iter().filter(|k| planned.deferred.contains(&k.name)) {
            phases
                .add_foreign_keys
                .push(Change::AddForeignKey { table: planned.table.name.clone(), key: key.clone() });
        }
        for index in &planned.table.indexes {
            phases
                .add_indexes
                .push(Change::CreateIndex { table: planned.table.name.clone(), index: index.clone() });
        }
        phases.create_tables.push(Change::CreateTable { table: planned.table.clone(), inline_keys: inline });
    }
    for table in &matched.dropped {
        // Keys between dropped tables go first, so the tables drop in any order.
        let dropped = |name: &str| name != table.name && matched.dropped.iter().any(|t| t.name == name);
        for key in table.foreign_keys.iter().filter(|k| dropped(&k.references)) {
            phases
                .drop_foreign_keys
                .push(Change::DropForeignKey { table: table.name.clone(), key: key.clone() });
        }
        phases.drop_tables.push(Change::DropTable((*table).clone()));
    }
    phases.into_plan(from, to, &existing)
}

/// Changes grouped by the phase they run in.
#[derive(Default)]
pub(crate) struct Phases {
    pub(crate) create_enums: Vec<Change>,
    pub(crate) renames: Vec<Change>,
    pub(crate) rename_objects: Vec<Change>,
    pub(crate) drop_foreign_keys: Vec<Change>,
    pub(crate) drop_objects: Vec<Change>,
    pub(crate) create_tables: Vec<Change>,
    pub(crate) add_columns: Vec<Change>,
    pub(crate) alter_columns: Vec<Change>,
    pub(crate) rebuild_enums: Vec<Change>,
    pub(crate) drop_columns: Vec<Change>,
    pub(crate) drop_tables: Vec<Change>,
    pub(crate) add_keys: Vec<Change>,
    pub(crate) add_indexes: Vec<Change>,
    pub(crate) add_foreign_keys: Vec<Change>,
    pub(crate) drop_enums: Vec<Change>,
}

impl Phases {
    fn into_plan(self, from: &Snapshot, to: &Snapshot, existing: &dyn Fn(&str) -> bool) -> Plan {
        let changes = [
            self.create_enums,
            self.renames,
            self.rename_objects,
            self.drop_foreign_keys,
            self.drop_objects,
            self.create_tables,
            self.add_columns,
            self.alter_columns,
            self.rebuild_enums,
            self.drop_columns,
            self.drop_tables,
            self.add_keys,
            self.add_indexes,
            self.add_foreign_keys,
            self.drop_enums,
        ];
        let steps = changes
            .into_iter()
            .flatten()
            .map(|change| {
                let hazard = lints::hazard(&change);
                let lints = lints::lints(&change, existing);
                Step::new(change, from, to, hazard, lints)
            })
            .collect();
        Plan { steps }
    }
}

fn diff_enums(from: &Snapshot, to: &Snapshot, phases: &mut Phases) {
    for new in &to.enums {
        let Some(old) = from.enum_type(&new.name) else {
            phases.create_enums.push(Change::CreateEnum(new.clone()));
            continue;
        };
        if old.labels == new.labels {
            continue;
        }
        match added_labels(old, new) {
            Some(added) => phases.create_enums.extend(added),
            None => {
                let columns = enum_columns(to, &new.name);
                phases.rebuild_enums.push(Change::RebuildEnum {
                    from: old.clone(),
                    to: new.clone(),
                    columns,
                });
            }
        }
    }
    for old in &from.enums {
        if to.enum_type(&old.name).is_none() {
            phases.drop_enums.push(Change::DropEnum(old.clone()));
        }
    }
}

/// `ADD VALUE` steps when `new` keeps every label of `old` in order; `None`
/// when labels were removed or reordered.
fn added_labels(old: &EnumSnapshot, new: &EnumSnapshot) -> Option<Vec<Change>> {
    let mut kept = new.labels.iter().filter(|l| old.labels.contains(l));
    if !old.labels.iter().all(|l| kept.next() == Some(l)) {
        return None;
    }
    let changes = new
        .labels
        .iter()
        .enumerate()
        .filter(|(_, label)| !old.labels.contains(label))
        .map(|(at, label)| Change::AddEnumValue {
            name: new.name.clone(),
            label: label.clone(),
            before: new.labels[at + 1..].iter().find(|l| old.labels.contains(l)).cloned(),
        })
        .collect();
    Some(changes)
}

/// `(table, column)` of every column of `snapshot` whose type is the enum (or an array of it).
fn enum_columns(snapshot: &Snapshot, name: &str) -> Vec<(String, String)> {
    snapshot
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| c.sql_type.trim_end_matches("[]") == name)
        .map(|(t, c)| (t.name.clone(), c.name.clone()))
        .collect()
}

/// Maps old names to new ones, for comparing a table under its new names.
pub(crate) type Renames = HashMap<String, String>;

/// What to compare one table's objects by: the definition without its name.
pub(crate) fn without_name<T: Clone>(item: &T, clear: impl FnOnce(&mut T)) -> T {
    let mut copy = item.clone();
    clear(&mut copy);
    copy
}
