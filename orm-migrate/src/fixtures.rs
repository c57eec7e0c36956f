//! Hand-built table metadata shared by the unit tests: one table per DDL feature.

use orm_core::Schema;
use orm_core::schema::{
    ColumnMeta, DefaultValue, EnumMeta, FkAction, ForeignKey, IndexMeta, SqlType, TableMeta,
};

/// A `NOT NULL` column without default, key or check.
pub(crate) const fn col(name: &'static str, sql_type: SqlType) -> ColumnMeta {
    ColumnMeta {
        name,
        field: name,
        sql_type,
        nullable: false,
        default: None,
        primary_key: false,
        unique: false,
        identity: false,
        references: None,
        check: None,
        renamed_from: None,
        audit: None,
    }
}

/// A table keyed by its `id` column, without indexes.
pub(crate) const fn table(name: &'static str, columns: &'static [ColumnMeta]) -> TableMeta {
    TableMeta {
        name,
        struct_name: name,
        columns,
        primary_key: &["id"],
        indexes: &[],
        renamed_from: None,
        soft_delete: None,
        hooks: &[],
    }
}

/// A foreign key to `table.id`.
pub(crate) const fn fk(table: &'static str, on_delete: FkAction, on_update: FkAction) -> Option<ForeignKey> {
    Some(ForeignKey { table, column: "id", on_delete, on_update })
}

/// A foreign key to `table.column`, without `ON DELETE` / `ON UPDATE` actions.
pub(crate) const fn key_to(table: &'static str, column: &'static str) -> Option<ForeignKey> {
    Some(ForeignKey { table, column, on_delete: FkAction::NoAction, on_update: FkAction::NoAction })
}

/// A `NOT NULL` integer column referencing `table.id`.
pub(crate) const fn reference(name: &'static str, table: &'static str) -> ColumnMeta {
    ColumnMeta { references: key_to(table, "id"), ..col(name, SqlType::Integer) }
}

/// An index.
pub(crate) const fn index(
    name: Option<&'static str>,
    columns: &'static [&'static str],
    unique: bool,
    using: Option<&'static str>,
) -> IndexMeta {
    IndexMeta { name, columns, unique, using, expressions: &[], predicate: None }
}

/// A schema of these tables (and their enum types), in this order.
pub(crate) fn schema(tables: &[&'static TableMeta]) -> Schema {
    let mut schema = Schema::new();
    for table in tables {
        schema.add_table(table);
    }
    schema
}

/// An enum type whose labels need quoting.
pub(crate) static ROLE: EnumMeta =
    EnumMeta { name: "user_role", labels: &["admin", "member", "it's", r"back\slash"] };
/// The type of a `user_role` column.
pub(crate) static ROLE_TYPE: SqlType = SqlType::Enum(&ROLE);
/// `text`, as an array element.
pub(crate) static TEXT: SqlType = SqlType::Text;

/// Every column feature in one table.
pub(crate) static USERS: TableMeta = TableMeta {
    name: "users",
    struct_name: "User",
    columns: &[
        ColumnMeta {
            default: Some(DefaultValue::Sql("gen_random_uuid()")),
            primary_key: true,
            ..col("id", SqlType::Uuid)
        },
        ColumnMeta { unique: true, ..col("email", SqlType::Text) },
        col("name", SqlType::Varchar(100)),
        ColumnMeta { nullable: true, ..col("bio", SqlType::Text) },
        ColumnMeta { default: Some(DefaultValue::Literal("member")), ..col("role", ROLE_TYPE) },
        ColumnMeta { nullable: true, ..col("roles", SqlType::Array(&ROLE_TYPE)) },
        ColumnMeta { default: Some(DefaultValue::Literal("{}")), ..col("tags", SqlType::Array(&TEXT)) },
        ColumnMeta {
            default: Some(DefaultValue::Literal("0")),
            check: Some("score >= 0"),
            ..col("score", SqlType::Integer)
        },
        ColumnMeta { default: Some(DefaultValue::Literal("true")), ..col("active", SqlType::Boolean) },
        ColumnMeta { default: Some(DefaultValue::Literal("-1.5e0")), ..col("ratio", SqlType::Double) },
        ColumnMeta {
            default: Some(DefaultValue::Literal("9.99")),
            ..col("price", SqlType::Numeric(Some((10, 2))))
        },
        ColumnMeta { default: Some(DefaultValue::Literal(r"C:\temp\it's")), ..col("home", SqlType::Text) },
        ColumnMeta {
            default: Some(DefaultValue::Literal("grüße, 東京 🦀")),
            ..col("greeting", SqlType::Text)
        },
        ColumnMeta { default: Some(DefaultValue::Sql("now()")), ..col("created_at", SqlType::Timestamptz) },
        ColumnMeta { identity: true, ..col("seq", SqlType::BigInt) },
        ColumnMeta {
            nullable: true,
            references: fk("users", FkAction::SetNull, FkAction::NoAction),
            ..col("invited_by", SqlType::Uuid)
        },
    ],
    primary_key: &["id"],
    indexes: &[
        index(None, &["name", "created_at"], false, None),
        index(None, &["tags"], false, Some("gin")),
        index(Some("users_by_seq"), &["seq"], true, None),
        index(None, &["email", "name"], true, None),
    ],
    renamed_from: None,
    soft_delete: None,
    hooks: &[],
};

/// Referenced by `books`.
pub(crate) static AUTHORS: TableMeta =
    table("authors", &[col("id", SqlType::Integer), col("name", SqlType::Text)]);

/// References `authors`.
pub(crate) static BOOKS: TableMeta = table(
    "books",
    &[
        col("id", SqlType::Integer),
        ColumnMeta {
            references: fk("authors", FkAction::Cascade, FkAction::Restrict),
            ..col("author_id", SqlType::Integer)
        },
    ],
);

/// References `players`, which references it back.
pub(crate) static TEAMS: TableMeta = table(
    "teams",
    &[
        col("id", SqlType::Integer),
        ColumnMeta {
            nullable: true,
            references: fk("players", FkAction::SetNull, FkAction::NoAction),
            ..col("captain_id", SqlType::Integer)
        },
    ],
);

/// References `teams`, which references it back.
pub(crate) static PLAYERS: TableMeta = table(
    "players",
    &[
        col("id", SqlType::Integer),
        ColumnMeta {
            references: fk("teams", FkAction::Cascade, FkAction::NoAction),
            ..col("team_id", SqlType::Integer)
        },
    ],
);

/// Unique only through a unique index.
pub(crate) static CODES: TableMeta = TableMeta {
    primary_key: &[],
    indexes: &[index(None, &["id"], true, None)],
    ..table("codes", &[col("id", SqlType::Text)])
};

/// References `codes` through its unique index.
pub(crate) static USES: TableMeta = TableMeta {
    primary_key: &[],
    ..table(
        "uses",
        &[ColumnMeta {
            references: fk("codes", FkAction::NoAction, FkAction::NoAction),
            ..col("code", SqlType::Text)
        }],
    )
};

/// An enum type whose name and label contain `"`.
pub(crate) static ODD_ENUM: EnumMeta = EnumMeta { name: "odd\"kind", labels: &["a\"b"] };

/// Identifiers containing `"`, a composite primary key, a self reference.
pub(crate) static ODD: TableMeta = TableMeta {
    name: "odd\"table",
    struct_name: "Odd",
    columns: &[
        col("we\"ird", SqlType::Integer),
        ColumnMeta {
            unique: true,
            check: Some(r#""x""y" <> 'a"b'"#),
            ..col("x\"y", SqlType::Enum(&ODD_ENUM))
        },
        ColumnMeta {
            references: Some(ForeignKey {
                table: "odd\"table",
                column: "x\"y",
                on_delete: FkAction::SetDefault,
                on_update: FkAction::Cascade,
            }),
            nullable: true,
            ..col("self\"ref", SqlType::Enum(&ODD_ENUM))
        },
    ],
    primary_key: &["we\"ird", "x\"y"],
    indexes: &[index(None, &["self\"ref"], false, Some("hash"))],
    renamed_from: None,
    soft_delete: None,
    hooks: &[],
};

/// A bad literal default and a bad index method, both kept harmless.
pub(crate) static SNEAKY: TableMeta = TableMeta {
    indexes: &[index(None, &["id"], false, Some("gin (id); DROP TABLE x; --"))],
    ..table(
        "sneaky",
        &[
            ColumnMeta {
                default: Some(DefaultValue::Literal("1); DROP TABLE x; --")),
                ..col("id", SqlType::Integer)
            },
            ColumnMeta { default: Some(DefaultValue::Literal("yes")), ..col("flag", SqlType::Boolean) },
        ],
    )
};
