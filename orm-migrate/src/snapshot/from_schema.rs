//! `Snapshot::from_schema`: the snapshot of what the code declares.

use orm_core::Schema;
use orm_core::render::SqlWriter;
use orm_core::schema::{ColumnMeta, DefaultValue, TableMeta};

use super::model::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexKey, IndexSnapshot, KeySnapshot,
    Snapshot, TableSnapshot,
};
use crate::ddl::{
    check_name, foreign_key_name, index_name, primary_key_name, push_default_literal, unique_name,
};

impl Snapshot {
    /// The snapshot of `schema`: what its DDL ([`create_sql`](crate::create_sql))
    /// creates, with constraints and indexes under the names PostgreSQL gives them.
    pub fn from_schema(schema: &Schema) -> Snapshot {
        let enums = schema
            .enums()
            .iter()
            .map(|e| EnumSnapshot {
                name: e.name.to_owned(),
                labels: e.labels.iter().map(|l| (*l).to_owned()).collect(),
            })
            .collect();
        let tables = schema.tables().iter().map(|t| table_snapshot(t)).collect();
        Snapshot { enums, tables, ..Snapshot::empty() }.normalized()
    }
}

fn table_snapshot(table: &TableMeta) -> TableSnapshot {
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let primary_key = (!table.primary_key.is_empty())
        .then(|| KeySnapshot { name: primary_key_name(table.name), columns: owned(table.primary_key) });
    let uniques = table
        .columns
        .iter()
        .filter(|c| c.unique)
        .map(|c| KeySnapshot { name: unique_name(table.name, c.name), columns: vec![c.name.to_owned()] })
        .collect();
    let foreign_keys = table
        .columns
        .iter()
        .filter_map(|c| {
            let fk = c.references?;
            Some(ForeignKeySnapshot {
                name: foreign_key_name(table.name, c.name),
                columns: vec![c.name.to_owned()],
                references: fk.table.to_owned(),
                referenced_columns: vec![fk.column.to_owned()],
                on_delete: fk.on_delete.as_sql().to_owned(),
                on_update: fk.on_update.as_sql().to_owned(),
            })
        })
        .collect();
    let checks = table
        .columns
        .iter()
        .filter_map(|c| {
            Some(CheckSnapshot { name: check_name(table.name, c.name), expression: c.check?.to_owned() })
        })
        .collect();
    let indexes = table
        .indexes
        .iter()
        .map(|index| {
            let columns = index.columns.iter().map(|c| IndexKey::Column((*c).to_owned()));
            let expressions = index.expressions.iter().map(|e| IndexKey::Expression((*e).to_owned()));
            IndexSnapshot {
                name: index_name(table, index).into_owned(),
                keys: columns.chain(expressions).collect(),
                unique: index.unique,
                using: index.using.unwrap_or("btree").to_owned(),
                predicate: index.predicate.map(str::to_owned),
            }
        })
        .collect();
    TableSnapshot {
        name: table.name.to_owned(),
        renamed_from: table.renamed_from.map(str::to_owned),
        columns: table.columns.iter().map(column_snapshot).collect(),
        primary_key,
        uniques,
        foreign_keys,
        checks,
        indexes,
    }
}

fn column_snapshot(column: &ColumnMeta) -> ColumnSnapshot {
    let default = match column.default {
        _ if column.identity => None,
        None => None,
        Some(DefaultValue::Sql(expr)) => Some(expr.to_owned()),
        Some(DefaultValue::Literal(text)) => {
            let mut w = SqlWriter::new();
            push_default_literal(&mut w, &column.sql_type, text);
            Some(w.finish().0)
        }
    };
    ColumnSnapshot {
        name: column.name.to_owned(),
        sql_type: column.sql_type.to_string(),
        nullable: column.nullable,
        default,
        identity: column.identity,
        renamed_from: column.renamed_from.map(str::to_owned),
    }
}
