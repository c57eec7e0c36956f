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
    for name in &matched.displaced_tables {
        let table = from.table(name).expect("a displaced table exists").clone();
        phases.displace.push(Change::DropTable(table));
    }
    let table_renames =
        match_tables::rename_steps(&matched.tables, |from, to| Change::RenameTable { from, to });
    phases.table_renames.extend(table_renames);
    for pair in &matched.pairs {
        pair.diff(&mut phases);
    }
    for change in &mut phases.rebuild_enums {
        if let Change::RebuildEnum { to: meta, dependents, .. } = change {
            *dependents = enum_dependents(&matched.pairs, &meta.name);
        }
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
    for table in matched.dropped.iter().filter(|t| !matched.displaced_tables.contains(&t.name)) {
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
    pub(crate) displace: Vec<Change>,
    pub(crate) table_renames: Vec<Change>,
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
            self.displace,
            self.table_renames,
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
                    dependents: Vec::new(),
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

/// When going from `from` to `to` adds values to existing enum types and also
/// changes anything else: `from` with only those values added. A value added to
/// an enum type cannot be used until the transaction that added it commits, so
/// the values go in a migration of their own, before the rest.
pub(crate) fn enum_values_first(from: &Snapshot, to: &Snapshot) -> Option<Snapshot> {
    let mut between = from.clone();
    let mut added = false;
    for meta in &mut between.enums {
        let Some(target) = to.enum_type(&meta.name) else { continue };
        if target.labels != meta.labels && added_labels(meta, target).is_some() {
            meta.labels.clone_from(&target.labels);
            added = true;
        }
    }
    (added && !diff(&between, to).is_empty()).then_some(between)
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

/// The unchanged checks and partial or expression indexes of the tables with a
/// column of enum type `name`: their text may compare the column with a label,
/// which ties them to the type being rebuilt.
fn enum_dependents(pairs: &[match_tables::TablePair<'_>], name: &str) -> Vec<(String, step::Dependent)> {
    let mut found = Vec::new();
    for pair in pairs {
        if !pair.new.columns.iter().any(|c| c.sql_type.trim_end_matches("[]") == name) {
            continue;
        }
        let table = &pair.new.name;
        for check in pair.new.checks.iter().filter(|c| pair.renamed.checks.contains(c)) {
            found.push((table.clone(), step::Dependent::Check(check.clone())));
        }
        let tied = |i: &crate::snapshot::IndexSnapshot| {
            i.predicate.is_some()
                || i.keys.iter().any(|k| matches!(k, crate::snapshot::IndexKey::Expression(_)))
        };
        for index in pair.new.indexes.iter().filter(|i| tied(i) && pair.renamed.indexes.contains(i)) {
            found.push((table.clone(), step::Dependent::Index(index.clone())));
        }
    }
    found
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
