//! Which old table becomes which new one (same name, or `renamed_from`), and the
//! changes inside each pair.

use super::{Change, Phases, Renames, types, without_name};
use crate::snapshot::{ColumnSnapshot, IndexKey, Snapshot, TableSnapshot};

/// The tables of two snapshots, matched.
pub(crate) struct Matched<'a> {
    /// Tables in both, the old one seen under its new names.
    pub(crate) pairs: Vec<TablePair<'a>>,
    /// Tables only in the new snapshot.
    pub(crate) created: Vec<&'a TableSnapshot>,
    /// Tables only in the old snapshot.
    pub(crate) dropped: Vec<&'a TableSnapshot>,
    /// Table renames, old name → new name.
    pub(crate) tables: Renames,
    /// Old tables a rename moves onto: dropped before the renames.
    pub(crate) displaced_tables: Vec<String>,
}

/// An old table and the new table it becomes.
pub(crate) struct TablePair<'a> {
    /// The old table as it is in the database.
    pub(crate) old: &'a TableSnapshot,
    /// The old table under the new table and column names (what the renames leave).
    pub(crate) renamed: TableSnapshot,
    /// The new table.
    pub(crate) new: &'a TableSnapshot,
    /// Column renames, old name → new name.
    pub(crate) columns: Renames,
}

/// Renames asked for by `renamed_from` hints, old name → new name.
///
/// A hint applies when its old name exists in the old snapshot and it is not
/// stale: the old snapshot does not already hold the new name carrying the same
/// hint (the rename happened in an earlier migration). It applies even when the
/// new name exists too: two names swapped, or an old object displaced (dropped
/// first). Two hints naming one old name: the first wins.
fn fresh_renames<'a>(
    hints: impl Iterator<Item = (&'a String, Option<&'a String>)>,
    old_exists: impl Fn(&str) -> bool,
    old_hint: impl Fn(&str) -> Option<&'a String>,
) -> Renames {
    let mut renames = Renames::new();
    for (name, hint) in hints {
        let Some(before) = hint else { continue };
        let stale = old_hint(name) == Some(before);
        let taken = renames.contains_key(before);
        if before != name && old_exists(before) && !stale && !taken {
            renames.insert(before.clone(), name.clone());
        }
    }
    renames
}

fn table_renames(from: &Snapshot, to: &Snapshot) -> Renames {
    fresh_renames(
        to.tables.iter().map(|t| (&t.name, t.renamed_from.as_ref())),
        |name| from.table(name).is_some(),
        |name| from.table(name).and_then(|t| t.renamed_from.as_ref()),
    )
}

fn column_renames(old: &TableSnapshot, new: &TableSnapshot) -> Renames {
    fresh_renames(
        new.columns.iter().map(|c| (&c.name, c.renamed_from.as_ref())),
        |name| old.column(name).is_some(),
        |name| old.column(name).and_then(|c| c.renamed_from.as_ref()),
    )
}

/// The old names a rename moves onto without moving them away first: those
/// objects are dropped before the renames.
pub(crate) fn displaced(renames: &Renames, exists: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> =
        renames.values().filter(|to| exists(to) && !renames.contains_key(*to)).cloned().collect();
    names.sort();
    names
}

/// The rename steps, in a stable order; when a new name is still taken by an
/// object that is renamed away itself (a swap, a cycle), every object moves to a
/// temporary name first.
pub(crate) fn rename_steps(renames: &Renames, make: impl Fn(String, String) -> Change) -> Vec<Change> {
    let mut pairs: Vec<(&String, &String)> = renames.iter().collect();
    pairs.sort();
    if !pairs.iter().any(|(_, to)| renames.contains_key(*to)) {
        return pairs.into_iter().map(|(from, to)| make(from.clone(), to.clone())).collect();
    }
    let temporary = |at: usize| format!("__orm_rename_{at}");
    let away = pairs.iter().enumerate().map(|(at, (from, _))| make((*from).clone(), temporary(at)));
    let back = pairs.iter().enumerate().map(|(at, (_, to))| make(temporary(at), (*to).clone()));
    away.collect::<Vec<_>>().into_iter().chain(back).collect()
}

pub(crate) fn match_tables<'a>(from: &'a Snapshot, to: &'a Snapshot) -> Matched<'a> {
    let tables = table_renames(from, to);
    let displaced_tables = displaced(&tables, |name| from.table(name).is_some());
    let new_name = |old: &str| tables.get(old).cloned().unwrap_or_else(|| old.to_owned());
    let mut all_columns = std::collections::HashMap::new();
    let mut found = Vec::new();
    for old in &from.tables {
        if displaced_tables.contains(&old.name) {
            continue;
        }
        if let Some(new) = to.table(&new_name(&old.name)) {
            let columns = column_renames(old, new);
            all_columns.insert(old.name.clone(), columns.clone());
            found.push((old, new, columns));
        }
    }
    let pairs = found
        .into_iter()
        .map(|(old, new, columns)| {
            let renamed = rename_view(old, &new.name, &columns, &tables, &all_columns);
            TablePair { old, renamed, new, columns }
        })
        .collect::<Vec<_>>();
    let created = to.tables.iter().filter(|t| !pairs.iter().any(|p| p.new.name == t.name)).collect();
    let dropped = from.tables.iter().filter(|t| !pairs.iter().any(|p| p.old.name == t.name)).collect();
    Matched { pairs, created, dropped, tables, displaced_tables }
}

/// `old` as the renames leave it: new table and column names everywhere,
/// including the tables and columns its foreign keys reference.
fn rename_view(
    old: &TableSnapshot,
    new_name: &str,
    columns: &Renames,
    tables: &Renames,
    all_columns: &std::collections::HashMap<String, Renames>,
) -> TableSnapshot {
    let col = |name: &String| columns.get(name).cloned().unwrap_or_else(|| name.clone());
    let mut view = old.clone();
    view.name = new_name.to_owned();
    let gone = displaced(columns, |name| old.column(name).is_some());
    view.columns.retain(|c| !gone.contains(&c.name));
    for column in &mut view.columns {
        column.name = col(&column.name);
    }
    for key in view.primary_key.iter_mut().chain(view.uniques.iter_mut()) {
        key.columns = key.columns.iter().map(col).collect();
    }
    for fk in &mut view.foreign_keys {
        fk.columns = fk.columns.iter().map(col).collect();
        if let Some(target_columns) = all_columns.get(&fk.references) {
            fk.referenced_columns = fk
                .referenced_columns
                .iter()
                .map(|c| target_columns.get(c).cloned().unwrap_or_else(|| c.clone()))
                .collect();
        }
        if let Some(target) = tables.get(&fk.references) {
            fk.references = target.clone();
        }
    }
    for index in &mut view.indexes {
        for key in &mut index.keys {
            if let IndexKey::Column(name) = key {
                *name = col(name);
            }
        }
    }
    view
}

impl TablePair<'_> {
    /// Pushes the changes that turn the old table into the new one.
    pub(crate) fn diff(&self, phases: &mut Phases) {
        let table = &self.new.name;
        for name in displaced(&self.columns, |name| self.old.column(name).is_some()) {
            let column = self.old.column(&name).expect("a displaced column exists").clone();
            // Before any rename, so under the table's old name.
            phases.displace.push(Change::DropColumn { table: self.old.name.clone(), column });
        }
        let rename = |from, to| Change::RenameColumn { table: table.clone(), from, to };
        phases.renames.extend(rename_steps(&self.columns, rename));
        for new in &self.new.columns {
            match self.renamed.column(&new.name) {
                Some(old) => diff_column(table, old, new, phases),
                None => {
                    phases.add_columns.push(Change::AddColumn { table: table.clone(), column: new.clone() })
                }
            }
        }
        for old in &self.renamed.columns {
            if self.new.column(&old.name).is_none() {
                phases.drop_columns.push(Change::DropColumn { table: table.clone(), column: old.clone() });
            }
        }
        self.diff_objects(phases);
    }

    /// Primary key, uniques, checks, foreign keys and indexes: unchanged, renamed
    /// (same definition under another name), or dropped and added.
    fn diff_objects(&self, phases: &mut Phases) {
        let table = self.new.name.clone();
        let (old, new) = (&self.renamed, self.new);
        let t = || table.clone();
        diff_named(
            old.primary_key.iter().collect(),
            new.primary_key.iter().collect(),
            |k| &k.name,
            |k| without_name(k, |k| k.name.clear()),
            &table,
            phases,
            |k| Change::DropPrimaryKey { table: t(), key: k.clone() },
            |k| Change::AddPrimaryKey { table: t(), key: k.clone() },
            false,
        );
        diff_named(
            old.uniques.iter().collect(),
            new.uniques.iter().collect(),
            |k| &k.name,
            |k| without_name(k, |k| k.name.clear()),
            &table,
            phases,
            |k| Change::DropUnique { table: t(), key: k.clone() },
            |k| Change::AddUnique { table: t(), key: k.clone() },
            false,
        );
        diff_named(
            old.checks.iter().collect(),
            new.checks.iter().collect(),
            |k| &k.name,
            |k| without_name(k, |k| k.name.clear()),
            &table,
            phases,
            |k| Change::DropCheck { table: t(), check: k.clone() },
            |k| Change::AddCheck { table: t(), check: k.clone() },
            false,
        );
        diff_named(
            old.foreign_keys.iter().collect(),
            new.foreign_keys.iter().collect(),
            |k| &k.name,
            |k| without_name(k, |k| k.name.clear()),
            &table,
            phases,
            |k| Change::DropForeignKey { table: t(), key: k.clone() },
            |k| Change::AddForeignKey { table: t(), key: k.clone() },
            false,
        );
        diff_named(
            old.indexes.iter().collect(),
            new.indexes.iter().collect(),
            |k| &k.name,
            |k| without_name(k, |k| k.name.clear()),
            &table,
            phases,
            |k| Change::DropIndex { table: t(), index: k.clone() },
            |k| Change::CreateIndex { table: t(), index: k.clone() },
            true,
        );
    }
}

/// Diffs one kind of named object: same name and definition → nothing; a
/// definition present under another name → rename; otherwise drop the old and
/// add the new.
#[allow(clippy::too_many_arguments)]
fn diff_named<T: PartialEq>(
    old: Vec<&T>,
    new: Vec<&T>,
    name: impl Fn(&T) -> &String,
    definition: impl Fn(&T) -> T,
    table: &str,
    phases: &mut Phases,
    drop: impl Fn(&T) -> Change,
    add: impl Fn(&T) -> Change,
    is_index: bool,
) {
    let mut renamed_to = Vec::new();
    for o in &old {
        if new.iter().any(|n| name(n) == name(o) && *n == *o) {
            continue;
        }
        let target = new.iter().find(|n| {
            definition(n) == definition(o)
                && !old.iter().any(|x| name(x) == name(n))
                && !renamed_to.contains(&name(n))
        });
        match target {
            Some(n) if name(n) != name(o) => {
                renamed_to.push(name(n));
                let (from, to) = (name(o).clone(), name(n).clone());
                phases.rename_objects.push(if is_index {
                    Change::RenameIndex { table: table.to_owned(), from, to }
                } else {
                    Change::RenameConstraint { table: table.to_owned(), from, to }
                });
            }
            _ => {
                let change = drop(o);
                if matches!(change, Change::DropForeignKey { .. }) {
                    phases.drop_foreign_keys.push(change);
                } else {
                    phases.drop_objects.push(change);
                }
            }
        }
    }
    for n in &new {
        let unchanged = old.iter().any(|o| name(o) == name(n) && *o == *n);
        if unchanged || renamed_to.contains(&name(n)) {
            continue;
        }
        let change = add(n);
        match change {
            Change::AddForeignKey { .. } => phases.add_foreign_keys.push(change),
            Change::CreateIndex { .. } => phases.add_indexes.push(change),
            _ => phases.add_keys.push(change),
        }
    }
}

/// Type, default and nullability changes of one column.
fn diff_column(table: &str, old: &ColumnSnapshot, new: &ColumnSnapshot, phases: &mut Phases) {
    let t = || table.to_owned();
    let c = || new.name.clone();
    let type_changes = old.sql_type != new.sql_type;
    // A default is dropped before a type change and set again after it, so the
    // server never has to convert it.
    let mut old_default = old.default.clone();
    if type_changes {
        if let Some(from) = old_default.take() {
            phases.alter_columns.push(Change::DropDefault { table: t(), column: c(), from });
        }
        phases.alter_columns.push(Change::AlterType {
            table: t(),
            column: c(),
            from: old.sql_type.clone(),
            to: new.sql_type.clone(),
            using: types::needs_using(&old.sql_type, &new.sql_type),
        });
    }
    match (&old_default, &new.default) {
        (Some(from), None) => {
            phases.alter_columns.push(Change::DropDefault { table: t(), column: c(), from: from.clone() })
        }
        (from, Some(to)) if from.as_ref() != Some(to) => phases.alter_columns.push(Change::SetDefault {
            table: t(),
            column: c(),
            from: from.clone(),
            to: to.clone(),
        }),
        _ => {}
    }
    if old.identity != new.identity {
        phases.alter_columns.push(Change::SetIdentity { table: t(), column: c(), identity: new.identity });
    }
    match (old.nullable, new.nullable) {
        (true, false) => {
            let backfill = new.default.clone();
            phases.alter_columns.push(Change::SetNotNull { table: t(), column: c(), backfill });
        }
        (false, true) => phases.alter_columns.push(Change::DropNotNull { table: t(), column: c() }),
        _ => {}
    }
}
