//! Primary keys, unique constraints, foreign keys and checks, from `pg_constraint`.

use std::collections::BTreeMap;

use tokio_postgres::Client;

use crate::snapshot::{CheckSnapshot, ForeignKeySnapshot, KeySnapshot, TableSnapshot};

/// Adds the constraints of `schema` to the tables they belong to (`tables` by oid).
/// Exclusion constraints have no place in a snapshot and are left out.
pub(super) async fn add_constraints(
    client: &Client,
    schema: &str,
    tables: &mut BTreeMap<u32, TableSnapshot>,
) -> Result<(), tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT con.conrelid, con.conname::text, con.contype::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
                          ORDER BY k.ord), \
                    f.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) \
                          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum \
                          ORDER BY k.ord), \
                    con.confdeltype::text, con.confupdtype::text, \
                    pg_get_expr(con.conbin, con.conrelid) \
             FROM pg_constraint con \
             JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_class f ON f.oid = con.confrelid \
             WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c') \
             ORDER BY con.conrelid, con.conname",
            &[&schema],
        )
        .await?;
    for row in rows {
        let Some(table) = tables.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        let name: String = row.get(1);
        let columns: Vec<String> = row.get(3);
        match row.get::<_, &str>(2) {
            "p" => table.primary_key = Some(KeySnapshot { name, columns }),
            "u" => table.uniques.push(KeySnapshot { name, columns }),
            "f" => table.foreign_keys.push(ForeignKeySnapshot {
                name,
                columns,
                references: row.get(4),
                referenced_columns: row.get(5),
                on_delete: fk_action(row.get(6)).to_owned(),
                on_update: fk_action(row.get(7)).to_owned(),
            }),
            _ => table.checks.push(CheckSnapshot { name, expression: row.get(8) }),
        }
    }
    Ok(())
}

/// A referential action as SQL spells it, from its `pg_constraint` code.
fn fk_action(code: &str) -> &'static str {
    match code {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_spelled_as_sql() {
        assert_eq!(fk_action("a"), "NO ACTION");
        assert_eq!(fk_action("r"), "RESTRICT");
        assert_eq!(fk_action("c"), "CASCADE");
        assert_eq!(fk_action("n"), "SET NULL");
        assert_eq!(fk_action("d"), "SET DEFAULT");
    }
}
