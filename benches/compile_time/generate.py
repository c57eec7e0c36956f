#!/usr/bin/env python3
"""Writes a crate declaring N tables of 10 columns with #[derive(Table)], each
table after the first referencing the one before it (belongs_to / has_many)."""
import sys

def table(i, n):
    name = f"T{i}"
    rels = []
    if i > 0:
        rels.append(f"#[belongs_to(parent: T{i-1}, fk = Self::PARENT_ID)]")
    if i + 1 < n:
        rels.append(f"#[has_many(children: T{i+1}, fk = T{i+1}::PARENT_ID)]")
    parent = f"    #[column(references(T{i-1}::ID), index)]\n    pub parent_id: i64,\n" if i > 0 else "    pub parent_id: Option<i64>,\n"
    return f'''
#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "t{i}")]
{chr(10).join(rels)}
pub struct {name} {{
    #[column(primary_key, identity)]
    pub id: i64,
{parent}    #[column(varchar(100))]
    pub name: String,
    pub note: Option<String>,
    #[column(default = "0")]
    pub score: i32,
    pub ratio: f64,
    #[column(default = "true")]
    pub active: bool,
    #[column(default = sql("now()"))]
    pub created_at: DateTime<Utc>,
    pub tags: Vec<String>,
    pub uid: Uuid,
}}
'''

def main():
    n = int(sys.argv[1])
    body = "use orm::prelude::*;\n" + "".join(table(i, n) for i in range(n))
    names = ", ".join(f"T{i}" for i in range(n))
    body += f'''
pub fn schema() -> orm::Schema {{
    orm::schema![{names}]
}}

/// A query per table, so the typed builders are checked too.
pub async fn touch(db: &Db) -> orm::Result<usize> {{
    let mut total = 0;
'''
    for i in range(n):
        body += f"    total += T{i}::select().filter(T{i}::NAME.eq(\"x\").and(T{i}::SCORE.gt(1))).order_by(T{i}::ID).limit(10).all(db).await?.len();\n"
    body += "    Ok(total)\n}\n"
    sys.stdout.write(body)

main()
