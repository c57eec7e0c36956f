//! One `#[derive(Table)]` struct: fields, column attributes, keys and indexes.

use std::fmt::Write;

use super::Names;
use super::literal::{default_attr, doc_text, rust_str};
use super::names::column_constant;
use super::rust_type::rust_type;
use crate::ddl::{
    check_name, foreign_key_name, is_index_method, primary_key_name, unique_name, unnamed_index_name,
};
use crate::snapshot::{ForeignKeySnapshot, IndexKey, IndexSnapshot, TableSnapshot};

/// What is written for a table: struct attributes and per-column attributes,
/// with `// orm: ..` notes for what cannot be declared.
#[derive(Default)]
struct Declaration {
    /// Notes above the struct.
    notes: Vec<String>,
    /// `#[table(..)]` items after `name`.
    table_items: Vec<String>,
    /// `#[index(..)]` / `#[unique_index(..)]` attributes, complete.
    indexes: Vec<String>,
    /// Per column: `#[column(..)]` items and notes.
    columns: Vec<ColumnDeclaration>,
}

#[derive(Default, Clone)]
struct ColumnDeclaration {
    primary_key: bool,
    unique: bool,
    index: bool,
    check: Option<String>,
    references: Option<String>,
    notes: Vec<String>,
}

/// Writes the struct declaring `table`.
pub(super) fn push_table(out: &mut String, table: &TableSnapshot, names: &Names<'_>) {
    let decl = declaration(table, names);
    let _ = writeln!(out, "/// The `{}` table.", doc_text(&table.name));
    for note in &decl.notes {
        let _ = writeln!(out, "// orm: {note}");
    }
    out.push_str("#[derive(Table, Debug, Clone, PartialEq)]\n");
    let mut table_attr = format!("name = {}", rust_str(&table.name));
    for item in &decl.table_items {
        table_attr.push_str(", ");
        table_attr.push_str(item);
    }
    let _ = writeln!(out, "#[table({table_attr})]");
    for index in &decl.indexes {
        let _ = writeln!(out, "{index}");
    }
    let _ = writeln!(out, "pub struct {} {{", names.structs[table.name.as_str()]);
    for (at, (column, column_decl)) in table.columns.iter().zip(&decl.columns).enumerate() {
        let field = &names.fields[table.name.as_str()][at];
        let rust = rust_type(&column.sql_type, &names.enums);
        let mut notes = column_decl.notes.clone();
        notes.extend(rust.lost.clone());
        let mut items = Vec::new();
        if field.trim_start_matches("r#") != column.name {
            items.push(format!("name = {}", rust_str(&column.name)));
        }
        if column_decl.primary_key {
            items.push("primary_key".to_owned());
        }
        if column.identity {
            items.push("identity".to_owned());
        }
        if column_decl.unique {
            items.push("unique".to_owned());
        }
        items.extend(rust.modifier.clone());
        if let Some(default) = column.default.as_deref().filter(|_| !column.identity) {
            if default.contains("nextval(") {
                notes.push(
                    "the default draws from a sequence the schema does not declare; consider `identity`"
                        .to_owned(),
                );
            }
            items.push(default_attr(&column.sql_type, default));
        }
        if let Some(check) = &column_decl.check {
            items.push(format!("check = {}", rust_str(check)));
        }
        items.extend(column_decl.references.clone());
        if column_decl.index {
            items.push("index".to_owned());
        }
        for note in notes {
            let _ = writeln!(out, "    // orm: {note}");
        }
        if !items.is_empty() {
            let _ = writeln!(out, "    #[column({})]", items.join(", "));
        }
        let ty = if column.nullable { format!("Option<{}>", rust.ty) } else { rust.ty };
        let _ = writeln!(out, "    pub {field}: {ty},");
    }
    out.push_str("}\n");
}

/// Everything about `table` except its columns' types and defaults.
fn declaration(table: &TableSnapshot, names: &Names<'_>) -> Declaration {
    let mut decl = Declaration {
        columns: vec![ColumnDeclaration::default(); table.columns.len()],
        ..Default::default()
    };
    let position = |column: &str| table.columns.iter().position(|c| c.name == column);
    let field = |column: &str| names.field(table, column).unwrap_or(column).to_owned();
    if let Some(key) = &table.primary_key {
        if key.name != primary_key_name(&table.name) {
            decl.notes.push(format!(
                "the primary key is named {:?} in the database; declared here it is {:?}",
                key.name,
                primary_key_name(&table.name)
            ));
        }
        match (key.columns.as_slice(), key.columns.first().and_then(|c| position(c))) {
            ([_], Some(at)) => decl.columns[at].primary_key = true,
            _ => {
                let fields: Vec<String> = key.columns.iter().map(|c| field(c)).collect();
                decl.table_items.push(format!("primary_key({})", fields.join(", ")));
            }
        }
    }
    for key in &table.uniques {
        let single = match key.columns.as_slice() {
            [column] if key.name == unique_name(&table.name, column) => position(column),
            _ => None,
        };
        match single {
            Some(at) if !decl.columns[at].unique => decl.columns[at].unique = true,
            _ => {
                decl.notes
                    .push(format!("the unique constraint {:?} is declared as a unique index", key.name));
                let fields: Vec<String> = key.columns.iter().map(|c| field(c)).collect();
                decl.indexes.push(format!(
                    "#[unique_index(columns({}), name = {})]",
                    fields.join(", "),
                    rust_str(&key.name)
                ));
            }
        }
    }
    for check in &table.checks {
        let at = table
            .columns
            .iter()
            .position(|c| check.name == check_name(&table.name, &c.name))
            .filter(|&at| decl.columns[at].check.is_none());
        match at {
            Some(at) => decl.columns[at].check = Some(check.expression.clone()),
            None => decl.notes.push(format!(
                "the check constraint {:?} cannot be declared and is left out: CHECK ({})",
                check.name, check.expression
            )),
        }
    }
    for fk in &table.foreign_keys {
        match references(table, fk, names) {
            Ok((at, attr)) => decl.columns[at].references = Some(attr),
            Err(why) => decl.notes.push(format!(
                "the foreign key {:?} ({}) -> {:?} ({}) is left out: {why}",
                fk.name,
                fk.columns.join(", "),
                fk.references,
                fk.referenced_columns.join(", ")
            )),
        }
    }
    for index in &table.indexes {
        if let Some(at) = column_index(table, index) {
            decl.columns[at].index = true;
        } else {
            let (attr, note) = index_attr(table, index, names);
            decl.indexes.push(attr);
            decl.notes.extend(note);
        }
    }
    decl
}

/// The column and the `references(..)` item of a foreign key the derive can
/// declare, or why it cannot.
fn references(
    table: &TableSnapshot,
    fk: &ForeignKeySnapshot,
    names: &Names<'_>,
) -> Result<(usize, String), String> {
    let ([column], [target_column]) = (fk.columns.as_slice(), fk.referenced_columns.as_slice()) else {
        return Err("the derive declares foreign keys of one column".to_owned());
    };
    if fk.name != foreign_key_name(&table.name, column) {
        return Err(format!("the derive would name it {:?}", foreign_key_name(&table.name, column)));
    }
    let at = table.columns.iter().position(|c| c.name == *column).ok_or("unknown column")?;
    let target =
        names.tables.get(fk.references.as_str()).ok_or("the referenced table is not in this schema")?;
    let referenced = target.column(target_column).ok_or("unknown referenced column")?;
    let own = &table.columns[at];
    if rust_type(&own.sql_type, &names.enums).ty != rust_type(&referenced.sql_type, &names.enums).ty {
        return Err("the derive needs both columns to have the same Rust type".to_owned());
    }
    let mut attr = format!(
        "references({}::{}",
        names.structs[target.name.as_str()],
        column_constant(names.field(target, target_column).unwrap_or_default())
    );
    for (clause, action) in [("on_delete", &fk.on_delete), ("on_update", &fk.on_update)] {
        let keyword = match action.as_str() {
            "NO ACTION" => continue,
            "RESTRICT" => "restrict",
            "CASCADE" => "cascade",
            "SET NULL" if !own.nullable => return Err("`SET NULL` on a NOT NULL column".to_owned()),
            "SET NULL" => "set_null",
            "SET DEFAULT" => "set_default",
            other => return Err(format!("unknown action {other:?}")),
        };
        let _ = write!(attr, ", {clause} = {keyword}");
    }
    attr.push(')');
    Ok((at, attr))
}

/// The column of an index that `#[column(index)]` declares exactly: one column,
/// btree, not unique, no predicate, under the name the derive gives it.
fn column_index(table: &TableSnapshot, index: &IndexSnapshot) -> Option<usize> {
    let [IndexKey::Column(column)] = index.keys.as_slice() else {
        return None;
    };
    let plain = !index.unique && index.using == "btree" && index.predicate.is_none();
    (plain && index.name == default_index_name(table, &[column.as_str()]))
        .then(|| table.columns.iter().position(|c| c.name == *column))
        .flatten()
}

/// The name `CREATE INDEX` gives an index on `columns` without a name.
fn default_index_name(table: &TableSnapshot, columns: &[&str]) -> String {
    unnamed_index_name(&table.name, columns)
}

/// The `#[index(..)]` or `#[unique_index(..)]` attribute of an index, and a note
/// when it cannot declare the index exactly.
fn index_attr(table: &TableSnapshot, index: &IndexSnapshot, names: &Names<'_>) -> (String, Option<String>) {
    let mut note = None;
    let mut items = Vec::new();
    let columns: Option<Vec<&str>> = index
        .keys
        .iter()
        .map(|key| match key {
            IndexKey::Column(column) => Some(column.as_str()),
            IndexKey::Expression(_) => None,
        })
        .collect();
    match &columns {
        Some(columns) => {
            let fields: Vec<&str> = columns.iter().map(|c| names.field(table, c).unwrap_or(c)).collect();
            items.push(format!("columns({})", fields.join(", ")));
        }
        None => {
            let expressions: Vec<String> = index
                .keys
                .iter()
                .map(|key| match key {
                    IndexKey::Column(column) => {
                        note = Some(format!(
                            "the index {:?} mixes columns and expressions: its columns are written as expressions",
                            index.name
                        ));
                        rust_str(&quote_ident(column))
                    }
                    IndexKey::Expression(expression) => rust_str(expression),
                })
                .collect();
            items.push(format!("expressions({})", expressions.join(", ")));
        }
    }
    let default_name = columns.as_deref().map(|columns| default_index_name(table, columns));
    if default_name.as_deref() != Some(index.name.as_str()) {
        items.push(format!("name = {}", rust_str(&index.name)));
    }
    if index.using != "btree" {
        if is_index_method(&index.using) {
            items.push(format!("using = {}", index.using));
        } else {
            note = Some(format!("the index method {:?} cannot be declared; btree is used", index.using));
        }
    }
    if let Some(predicate) = &index.predicate {
        items.push(format!("where = {}", rust_str(predicate)));
    }
    let attr = if index.unique { "unique_index" } else { "index" };
    (format!("#[{attr}({})]", items.join(", ")), note)
}

/// A column name as an SQL expression: a quoted identifier.
fn quote_ident(column: &str) -> String {
    format!("\"{}\"", column.replace('"', "\"\""))
}
