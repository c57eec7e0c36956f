//! Creation order of new tables: a referenced table before the tables that
//! reference it, and the foreign keys that must wait for an `ALTER TABLE`.

use crate::snapshot::{Snapshot, TableSnapshot};

/// A new table in creation order, with the foreign keys its `CREATE TABLE` leaves out.
pub(crate) struct Planned<'a> {
    pub(crate) table: &'a TableSnapshot,
    /// Names of the foreign keys added afterwards.
    pub(crate) deferred: Vec<String>,
}

/// The new tables in creation order (by name where nothing forces an order).
///
/// A foreign key is written inside `CREATE TABLE` when its target is the table
/// itself, an existing table, or a new table created earlier, and the target
/// columns are its primary key or one of its unique constraints (a unique index
/// comes later, with the indexes). When no table is ready, the tables left form
/// a cycle: the first is created anyway and its keys to tables not yet created
/// are deferred.
pub(crate) fn creation_order<'a>(
    created: &[&'a TableSnapshot],
    to: &Snapshot,
    existing: &dyn Fn(&str) -> bool,
) -> Vec<Planned<'a>> {
    let mut done: Vec<&str> = Vec::new();
    let mut order = Vec::with_capacity(created.len());
    let is_new = |name: &str| created.iter().any(|t| t.name == name);
    while order.len() < created.len() {
        let pending = || created.iter().filter(|t| !done.contains(&t.name.as_str()));
        let waits_on = |t: &TableSnapshot| {
            t.foreign_keys.iter().any(|k| {
                k.references != t.name && is_new(&k.references) && !done.contains(&k.references.as_str())
            })
        };
        let Some(table) = pending().find(|t| !waits_on(t)).or_else(|| pending().next()).copied() else {
            break;
        };
        let deferred = table
            .foreign_keys
            .iter()
            .filter(|k| {
                let target_ready = k.references == table.name
                    || done.contains(&k.references.as_str())
                    || (existing(&k.references) && !is_new(&k.references));
                let unique_by_constraint = to.table(&k.references).is_some_and(|target| {
                    target.primary_key.as_ref().is_some_and(|pk| pk.columns == k.referenced_columns)
                        || target.uniques.iter().any(|u| u.columns == k.referenced_columns)
                });
                // A key to an existing table waits too: its target constraint may be new in this plan.
                !(target_ready && unique_by_constraint && !existing(&k.references))
            })
            .map(|k| k.name.clone())
            .collect();
        done.push(&table.name);
        order.push(Planned { table, deferred });
    }
    order
}
