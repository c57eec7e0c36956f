//! `check_schema`: the problems in a schema that would make its DDL fail or
//! differ from the metadata, found before any SQL runs.

use orm_core::Schema;
use orm_core::schema::{ColumnMeta, DefaultValue, EnumMeta, IndexMeta, TableMeta};

use crate::ddl::{
    MAX_IDENTIFIER_BYTES, Uniqueness, check_name, foreign_key_name, index_name, is_index_method,
    literal_form, primary_key_name, unique_name, uniqueness,
};
use crate::error::{SchemaError, SchemaLocation, SchemaProblem};

/// Checks `schema` and reports every problem found, in schema order, or `Ok(())`.
///
/// Reported: names that are empty, longer than 63 bytes or contain NUL; two tables
/// with one name, two columns of a table with one name, an enum label listed twice;
/// two objects (tables, indexes, enum types, constraints) that would get the same
/// name; literal defaults their column type cannot take (a boolean that is not
/// `true`/`false`, a number that does not parse or fit, an enum value that is not
/// a label, text with NUL); an identity column with a default; a nullable primary
/// key column; primary keys and indexes listing unknown columns or a column
/// twice, an index without columns, an index method that is not a bare keyword (`[a-z_]+`); foreign keys to
/// a table or column not in the schema, or to a column that is not unique.
///
/// Trusted SQL (`DefaultValue::Sql`, `check` expressions) is not parsed.
///
/// ```
/// use orm_core::Schema;
/// use orm_core::schema::{ColumnMeta, DefaultValue, SqlType, TableMeta};
/// use orm_migrate::{SchemaLocation, SchemaProblem, check_schema};
///
/// static COUNTERS: TableMeta = TableMeta {
///     name: "counters",
///     struct_name: "Counter",
///     columns: &[ColumnMeta {
///         name: "value",
///         field: "value",
///         sql_type: SqlType::Integer,
///         nullable: false,
///         default: Some(DefaultValue::Literal("zero")),
///         primary_key: false,
///         unique: false,
///         identity: false,
///         references: None,
///         check: None,
///         renamed_from: None,
///         audit: None,
///     }],
///     primary_key: &[],
///     indexes: &[],
///     renamed_from: None,
///     soft_delete: None,
///     hooks: &[],
/// };
///
/// let mut schema = Schema::new();
/// schema.add_table(&COUNTERS);
/// let errors = check_schema(&schema).unwrap_err();
/// assert_eq!(
///     errors[0].to_string(),
///     r#"column "counters"."value": default "zero" is not valid for integer: expected an integer from -2147483648 to 2147483647"#
/// );
/// assert!(matches!(errors[0].problem, SchemaProblem::BadDefault { .. }));
/// ```
pub fn check_schema(schema: &Schema) -> Result<(), Vec<SchemaError>> {
    let errors = check_items(schema.tables(), schema.enums());
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Checks tables and enum types given as lists (which, unlike a [`Schema`], may
/// hold two items with one name).
fn check_items(tables: &[&'static TableMeta], enums: &[&'static EnumMeta]) -> Vec<SchemaError> {
    let mut checker = Checker { tables, errors: Vec::new(), names: Vec::new() };
    for meta in enums {
        checker.check_enum(meta);
    }
    let mut checked: Vec<&TableMeta> = Vec::with_capacity(tables.len());
    for table in tables {
        if checked.iter().any(|t| t.name == table.name) {
            checker.report(table_location(table), SchemaProblem::DuplicateTable);
        } else {
            checker.check_table(table);
            checked.push(table);
        }
    }
    // Indexes are created after every table, so a clash names the table first.
    for table in checked {
        for index in table.indexes {
            let location = index_location(table, index);
            checker.claim(&index_name(table, index), &[Namespace::Relation], &location);
        }
    }
    checker.errors
}

/// Where a name must be unique: PostgreSQL's relations (tables, indexes, and the
/// indexes behind primary keys and unique constraints), types (enum types and
/// tables' row types), and the constraints of one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace<'a> {
    Relation,
    Type,
    Constraint(&'a str),
}

/// A name given out so far, for clash detection.
struct Claimed<'a> {
    name: String,
    namespaces: Vec<Namespace<'a>>,
    owner: SchemaLocation,
}

/// The state of one check: the errors so far and the names given out.
struct Checker<'a> {
    tables: &'a [&'static TableMeta],
    errors: Vec<SchemaError>,
    names: Vec<Claimed<'a>>,
}

impl<'a> Checker<'a> {
    fn report(&mut self, location: SchemaLocation, problem: SchemaProblem) {
        self.errors.push(SchemaError::new(location, problem));
    }

    /// Reports a name PostgreSQL would refuse or cut short.
    fn check_name(&mut self, name: &str, location: impl FnOnce() -> SchemaLocation) {
        let problem = if name.is_empty() {
            SchemaProblem::EmptyName
        } else if name.contains('\0') {
            SchemaProblem::NameContainsNul
        } else if name.len() > MAX_IDENTIFIER_BYTES {
            SchemaProblem::NameTooLong { bytes: name.len() }
        } else {
            return;
        };
        self.report(location(), problem);
    }

    /// Gives `name` out in `namespaces`, reporting a clash with a name given out before.
    fn claim(&mut self, name: &str, namespaces: &[Namespace<'a>], owner: &SchemaLocation) {
        let taken = self.names.iter().find(|claimed| {
            claimed.name == name && claimed.namespaces.iter().any(|n| namespaces.contains(n))
        });
        if let Some(taken) = taken {
            let problem = SchemaProblem::NameClash { name: name.to_owned(), other: taken.owner.clone() };
            self.report(owner.clone(), problem);
        } else {
            self.names.push(Claimed {
                name: name.to_owned(),
                namespaces: namespaces.to_vec(),
                owner: owner.clone(),
            });
        }
    }

    fn check_enum(&mut self, meta: &EnumMeta) {
        let location = SchemaLocation::Enum { name: meta.name.to_owned() };
        self.check_name(meta.name, || location.clone());
        self.claim(meta.name, &[Namespace::Type], &location);
        for (at, label) in meta.labels.iter().enumerate() {
            let label_location =
                || SchemaLocation::EnumLabel { name: meta.name.to_owned(), label: (*label).to_owned() };
            // Labels are values, not identifiers: an empty one is allowed.
            if !label.is_empty() {
                self.check_name(label, label_location);
            }
            if meta.labels[..at].contains(label) {
                self.report(label_location(), SchemaProblem::DuplicateEnumLabel);
            }
        }
    }

    fn check_table(&mut self, table: &'a TableMeta) {
        let location = table_location(table);
        self.check_name(table.name, || location.clone());
        self.claim(table.name, &[Namespace::Relation, Namespace::Type], &location);
        for (at, column) in table.columns.iter().enumerate() {
            self.check_column(table, column);
            if table.columns[..at].iter().any(|c| c.name == column.name) {
                self.report(column_location(table, column), SchemaProblem::DuplicateColumn);
            }
        }
        for (at, &column) in table.primary_key.iter().enumerate() {
            if table.column(column).is_none() {
                let problem = SchemaProblem::UnknownPrimaryKeyColumn { column: column.to_owned() };
                self.report(location.clone(), problem);
            }
            if table.primary_key[..at].contains(&column) {
                let problem = SchemaProblem::DuplicatePrimaryKeyColumn { column: column.to_owned() };
                self.report(location.clone(), problem);
            }
        }
        self.claim_constraint_names(table);
        for index in table.indexes {
            let location = || index_location(table, index);
            if let Some(name) = index.name {
                self.check_name(name, location);
            }
            if index.columns.is_empty() {
                self.report(location(), SchemaProblem::EmptyIndex);
            }
            for (at, &column) in index.columns.iter().enumerate() {
                if table.column(column).is_none() {
                    let problem = SchemaProblem::UnknownIndexColumn { column: column.to_owned() };
                    self.report(location(), problem);
                }
                if index.columns[..at].contains(&column) {
                    let problem = SchemaProblem::DuplicateIndexColumn { column: column.to_owned() };
                    self.report(location(), problem);
                }
            }
            if let Some(method) = index.using.filter(|m| !is_index_method(m)) {
                let problem = SchemaProblem::BadIndexMethod { method: method.to_owned() };
                self.report(location(), problem);
            }
        }
    }

    fn check_column(&mut self, table: &TableMeta, column: &ColumnMeta) {
        let location = || column_location(table, column);
        self.check_name(column.name, location);
        match column.default {
            Some(_) if column.identity => {
                self.report(location(), SchemaProblem::IdentityWithDefault);
            }
            Some(DefaultValue::Literal(literal)) => {
                if let Err(expected) = literal_form(&column.sql_type, literal) {
                    let problem = SchemaProblem::BadDefault {
                        literal: literal.to_owned(),
                        sql_type: column.sql_type.to_string(),
                        expected,
                    };
                    self.report(location(), problem);
                }
            }
            Some(DefaultValue::Sql(_)) | None => {}
        }
        if column.nullable && table.primary_key.contains(&column.name) {
            self.report(location(), SchemaProblem::NullablePrimaryKey);
        }
        if let Some(fk) = column.references {
            let target = self.tables.iter().find(|t| t.name == fk.table);
            let problem = match target {
                None => Some(SchemaProblem::UnknownReferencedTable { table: fk.table.to_owned() }),
                Some(target) if target.column(fk.column).is_none() => {
                    Some(SchemaProblem::UnknownReferencedColumn {
                        table: fk.table.to_owned(),
                        column: fk.column.to_owned(),
                    })
                }
                Some(target) if uniqueness(target, fk.column) == Uniqueness::None => {
                    Some(SchemaProblem::ReferencedColumnNotUnique {
                        table: fk.table.to_owned(),
                        column: fk.column.to_owned(),
                    })
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                self.report(location(), problem);
            }
        }
    }

    /// Claims the names of the constraints `create_sql` writes for `table`.
    fn claim_constraint_names(&mut self, table: &'a TableMeta) {
        let with_index = [Namespace::Relation, Namespace::Constraint(table.name)];
        let without_index = [Namespace::Constraint(table.name)];
        let mut constraints: Vec<(String, &[Namespace<'a>])> = Vec::new();
        if !table.primary_key.is_empty() {
            constraints.push((primary_key_name(table.name), &with_index));
        }
        for column in table.columns.iter().filter(|c| c.unique) {
            constraints.push((unique_name(table.name, column.name), &with_index));
        }
        for column in table.columns.iter().filter(|c| c.check.is_some()) {
            constraints.push((check_name(table.name, column.name), &without_index));
        }
        for column in table.columns.iter().filter(|c| c.references.is_some()) {
            constraints.push((foreign_key_name(table.name, column.name), &without_index));
        }
        for (name, namespaces) in constraints {
            let location =
                SchemaLocation::Constraint { table: table.name.to_owned(), constraint: name.clone() };
            self.claim(&name, namespaces, &location);
        }
    }
}

fn table_location(table: &TableMeta) -> SchemaLocation {
    SchemaLocation::Table { table: table.name.to_owned() }
}

fn index_location(table: &TableMeta, index: &IndexMeta) -> SchemaLocation {
    SchemaLocation::Index { table: table.name.to_owned(), index: index_name(table, index).into_owned() }
}

fn column_location(table: &TableMeta, column: &ColumnMeta) -> SchemaLocation {
    SchemaLocation::Column { table: table.name.to_owned(), column: column.name.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use orm_core::schema::SqlType;

    fn messages(errors: Vec<SchemaError>) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    fn problems(tables: &[&'static TableMeta]) -> Vec<String> {
        messages(check_schema(&schema(tables)).unwrap_err())
    }

    #[test]
    fn the_fixtures_are_valid() {
        let all = [&USERS, &AUTHORS, &BOOKS, &TEAMS, &PLAYERS, &CODES, &USES, &ODD];
        assert_eq!(check_schema(&schema(&all)), Ok(()));
    }

    #[test]
    fn reports_literals_that_do_not_fit_and_bad_index_methods() {
        assert_eq!(
            problems(&[&SNEAKY]),
            [
                r#"column "sneaky"."id": default "1); DROP TABLE x; --" is not valid for integer: expected an integer from -2147483648 to 2147483647"#,
                r#"column "sneaky"."flag": default "yes" is not valid for boolean: expected `true` or `false`"#,
                r#"index "sneaky_id_idx" on table "sneaky": index method "gin (id); DROP TABLE x; --" is not a bare keyword such as `gin` (only [a-z_]+ is accepted)"#,
            ]
        );
        static MOODS: EnumMeta = EnumMeta { name: "mood", labels: &["happy"] };
        static MOODY: TableMeta = table(
            "moody",
            &[
                ColumnMeta { default: Some(DefaultValue::Literal("1")), ..col("id", SqlType::Integer) },
                ColumnMeta {
                    default: Some(DefaultValue::Literal("sad")),
                    ..col("mood", SqlType::Enum(&MOODS))
                },
                ColumnMeta { default: Some(DefaultValue::Literal("nul\0")), ..col("note", SqlType::Text) },
                ColumnMeta {
                    identity: true,
                    default: Some(DefaultValue::Sql("42")),
                    ..col("seq", SqlType::BigInt)
                },
            ],
        );
        assert_eq!(
            problems(&[&MOODY]),
            [
                r#"column "moody"."mood": default "sad" is not valid for mood: expected one of the labels of "mood": ["happy"]"#,
                r#"column "moody"."note": default "nul\0" is not valid for text: expected a value without NUL characters"#,
                r#"column "moody"."seq": an identity column cannot also have a default"#,
            ]
        );
    }

    #[test]
    fn reports_names_postgres_would_refuse_or_cut() {
        static BAD_ENUM: EnumMeta = EnumMeta {
            name: "nul\0enum",
            labels: &["ok", "", "ok", "a_label_that_is_far_too_long_to_be_kept_whole_by_postgres_servers"],
        };
        static BAD: TableMeta = TableMeta {
            indexes: &[IndexMeta {
                name: Some("an_index_name_that_is_far_too_long_to_be_kept_whole_by_postgres_"),
                columns: &["id"],
                unique: false,
                using: None,
                expressions: &[],
                predicate: None,
            }],
            ..table(
                "",
                &[
                    col("id", SqlType::Integer),
                    col("nul\0here", SqlType::Enum(&BAD_ENUM)),
                    col("a_column_name_that_is_far_too_long_to_be_kept_whole_by_postgres_", SqlType::Text),
                ],
            )
        };
        assert_eq!(
            problems(&[&BAD]),
            [
                r#"enum type "nul\0enum": the name contains a NUL character"#,
                r#"label "ok" of enum type "nul\0enum": the label is listed twice"#,
                r#"label "a_label_that_is_far_too_long_to_be_kept_whole_by_postgres_servers" of enum type "nul\0enum": the name is 65 bytes long; PostgreSQL keeps at most 63 bytes of a name"#,
                r#"table "": the name is empty"#,
                r#"column ""."nul\0here": the name contains a NUL character"#,
                r#"column ""."a_column_name_that_is_far_too_long_to_be_kept_whole_by_postgres_": the name is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name"#,
                r#"index "an_index_name_that_is_far_too_long_to_be_kept_whole_by_postgres_" on table "": the name is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name"#,
            ]
        );
    }

    #[test]
    fn reports_foreign_keys_to_unknown_or_non_unique_targets() {
        static REFS: TableMeta = table(
            "refs",
            &[
                col("id", SqlType::Integer),
                ColumnMeta { references: key_to("nowhere", "id"), ..col("a", SqlType::Integer) },
                ColumnMeta { references: key_to("authors", "missing"), ..col("b", SqlType::Integer) },
                ColumnMeta { references: key_to("authors", "name"), ..col("c", SqlType::Text) },
                ColumnMeta { references: key_to("codes", "id"), ..col("d", SqlType::Text) },
                ColumnMeta { references: key_to("refs", "id"), ..col("e", SqlType::Integer) },
            ],
        );
        assert_eq!(
            problems(&[&REFS, &AUTHORS, &CODES]),
            [
                r#"column "refs"."a": the foreign key references table "nowhere", which is not in the schema"#,
                r#"column "refs"."b": the foreign key references column "authors"."missing", which does not exist"#,
                r#"column "refs"."c": the foreign key references column "authors"."name", which is not unique: make it the primary key, `unique`, or give it a unique index"#,
            ]
        );
    }

    #[test]
    fn reports_two_tables_with_one_name() {
        // `Schema::add_table` keeps the first of two tables with one name, so this
        // is checked on lists.
        static OTHER_AUTHORS: TableMeta = table("authors", &[col("id", SqlType::Uuid)]);
        assert_eq!(
            messages(check_items(&[&AUTHORS, &BOOKS, &OTHER_AUTHORS], &[])),
            [r#"table "authors": two tables have this name"#]
        );
    }

    #[test]
    fn reports_columns_keys_and_indexes_that_do_not_add_up() {
        static MESSY: TableMeta = TableMeta {
            primary_key: &["id", "ghost"],
            indexes: &[
                IndexMeta {
                    name: None,
                    columns: &[],
                    expressions: &[],
                    unique: false,
                    using: None,
                    predicate: None,
                },
                IndexMeta {
                    name: Some("by_phantom"),
                    columns: &["id", "phantom"],
                    unique: false,
                    using: Some("gin"),
                    expressions: &[],
                    predicate: None,
                },
            ],
            ..table(
                "messy",
                &[
                    ColumnMeta { nullable: true, ..col("id", SqlType::Integer) },
                    col("twice", SqlType::Integer),
                    col("twice", SqlType::Text),
                ],
            )
        };
        assert_eq!(
            problems(&[&MESSY]),
            [
                r#"column "messy"."id": the column is part of the primary key but nullable"#,
                r#"column "messy"."twice": the table has two columns with this name"#,
                r#"table "messy": the primary key lists column "ghost", which the table does not have"#,
                r#"index "messy__idx" on table "messy": the index lists no columns"#,
                r#"index "by_phantom" on table "messy": the index lists column "phantom", which the table does not have"#,
            ]
        );
    }

    #[test]
    fn reports_key_and_index_columns_listed_twice() {
        static TWICE: TableMeta = TableMeta {
            primary_key: &["a", "b", "a"],
            indexes: &[IndexMeta {
                name: Some("twice_by_b"),
                columns: &["b", "a", "b"],
                unique: false,
                using: None,
                expressions: &[],
                predicate: None,
            }],
            ..table("twice", &[col("a", SqlType::Integer), col("b", SqlType::Integer)])
        };
        let errors = check_schema(&schema(&[&TWICE])).unwrap_err();
        assert_eq!(
            messages(errors.clone()),
            [
                r#"table "twice": the primary key lists column "a" twice"#,
                r#"index "twice_by_b" on table "twice": the index lists column "b" twice"#,
            ]
        );
        assert!(matches!(
            &errors[0].problem,
            SchemaProblem::DuplicatePrimaryKeyColumn { column } if column == "a"
        ));
    }

    #[test]
    fn reports_objects_that_would_get_one_name() {
        static CLASH: EnumMeta = EnumMeta { name: "clash", labels: &["a"] };
        static CLASH_TABLE: TableMeta = TableMeta {
            indexes: &[
                IndexMeta {
                    name: Some("clash_code_key"),
                    columns: &["code"],
                    expressions: &[],
                    unique: true,
                    using: None,
                    predicate: None,
                },
                IndexMeta {
                    name: None,
                    columns: &["id"],
                    expressions: &[],
                    unique: false,
                    using: None,
                    predicate: None,
                },
                IndexMeta {
                    name: None,
                    columns: &["id"],
                    expressions: &[],
                    unique: true,
                    using: None,
                    predicate: None,
                },
                IndexMeta {
                    name: Some("authors"),
                    columns: &["id"],
                    expressions: &[],
                    unique: false,
                    using: None,
                    predicate: None,
                },
            ],
            ..table(
                "clash",
                &[
                    ColumnMeta { unique: true, ..col("code", SqlType::Enum(&CLASH)) },
                    col("id", SqlType::Integer),
                ],
            )
        };
        assert_eq!(
            problems(&[&CLASH_TABLE, &AUTHORS]),
            [
                r#"table "clash": its name "clash" is already taken by enum type "clash""#,
                r#"index "clash_code_key" on table "clash": its name "clash_code_key" is already taken by constraint "clash_code_key" of table "clash""#,
                r#"index "clash_id_idx" on table "clash": its name "clash_id_idx" is already taken by index "clash_id_idx" on table "clash""#,
                r#"index "authors" on table "clash": its name "authors" is already taken by table "authors""#,
            ]
        );
    }

    #[test]
    fn reports_generated_names_that_shorten_to_one() {
        const PREFIX: &str = "a_column_name_that_goes_on_long_enough_to_be_cut_short_";
        static TWINS: TableMeta = table(
            "twins",
            &[
                col("id", SqlType::Integer),
                ColumnMeta {
                    check: Some("true"),
                    ..col("a_column_name_that_goes_on_long_enough_to_be_cut_short_one", SqlType::Integer)
                },
                ColumnMeta {
                    check: Some("true"),
                    ..col("a_column_name_that_goes_on_long_enough_to_be_cut_short_two", SqlType::Integer)
                },
            ],
        );
        let shortened = check_name("twins", &format!("{PREFIX}one"));
        assert_eq!(shortened, check_name("twins", &format!("{PREFIX}two")));
        assert_eq!(
            problems(&[&TWINS]),
            [format!(
                r#"constraint {shortened:?} of table "twins": its name {shortened:?} is already taken by constraint {shortened:?} of table "twins""#
            )]
        );
    }
}
