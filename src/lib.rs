//! `orm`: a type-safe ORM for PostgreSQL.
//!
//! Tables are structs with `#[derive(Table)]`; queries are typed chains that read
//! like SQL; values always travel as bind parameters; the same metadata drives
//! migrations (`orm-migrate`).
//!
//! ```
//! use orm::prelude::*;
//!
//! #[derive(Table, Debug, Clone, PartialEq)]
//! #[table(name = "users")]
//! pub struct User {
//!     #[column(primary_key, default = sql("gen_random_uuid()"))]
//!     pub id: Uuid,
//!     #[column(unique)]
//!     pub email: String,
//!     #[column(varchar(100))]
//!     pub name: String,
//!     pub bio: Option<String>,
//! }
//!
//! let query = User::select()
//!     .columns((User::ID, User::EMAIL))
//!     .filter(User::EMAIL.ilike("%@example.com").and(User::BIO.is_not_null()))
//!     .order_by(User::NAME.desc())
//!     .limit(20);
//! assert_eq!(
//!     query.to_sql(),
//!     r#"SELECT "users"."id", "users"."email" FROM "users" WHERE "users"."email" ILIKE $1 AND "users"."bio" IS NOT NULL ORDER BY "users"."name" DESC LIMIT $2"#
//! );
//!
//! # async fn run(query: orm::query::Select<User, orm::query::Picked<(Uuid, String)>>) -> orm::Result<()> {
//! let db = Db::connect("postgres://postgres@127.0.0.1:5432/postgres").await?;
//! let rows: Vec<(Uuid, String)> = query.all(&db).await?;
//! # Ok(())
//! # }
//! ```

// The derives generate `::orm::..` paths; this lets them work inside this crate too.
extern crate self as orm;

pub use orm_core::*;
pub use orm_derive::{PgEnum, Table};

/// One import for schema files and queries: `use orm::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "decimal")]
    pub use orm_core::Decimal;
    pub use orm_core::expr::{
        ExprOps, JsonOps, Param, avg, count, count_all, count_distinct, excluded, exists, max, min, not,
        not_exists, outer, scalar, sum,
    };
    pub use orm_core::{
        Column, Condition, DateTime, Db, Executor, Isolation, Json, LoadRelation, NaiveDate, NaiveDateTime,
        NaiveTime, PgEnum, Sql, Statement, Table, Transaction, TransactionOptions, Utc, Uuid, schema, sql,
    };
    pub use orm_derive::{PgEnum, Table};
}

/// The guide under `docs/guide/`, compiled as doctests so its examples cannot rot.
#[cfg(doctest)]
mod guide {
    #[doc = include_str!("../docs/guide/getting-started.md")]
    mod getting_started {}
    #[doc = include_str!("../docs/guide/schema.md")]
    mod schema {}
    #[doc = include_str!("../docs/guide/queries.md")]
    mod queries {}
    #[doc = include_str!("../docs/guide/relations.md")]
    mod relations {}
    #[doc = include_str!("../docs/guide/pagination.md")]
    mod pagination {}
    #[doc = include_str!("../docs/guide/migrations.md")]
    mod migrations {}
    #[doc = include_str!("../docs/guide/transactions.md")]
    mod transactions {}
    #[doc = include_str!("../docs/guide/audit-and-versions.md")]
    mod audit_and_versions {}
    #[doc = include_str!("../docs/guide/testing.md")]
    mod testing {}
    #[doc = include_str!("../docs/guide/performance.md")]
    mod performance {}
    #[doc = include_str!("../docs/guide/json.md")]
    mod json {}
    #[doc = include_str!("../docs/guide/validation.md")]
    mod validation {}
    #[doc = include_str!("../docs/guide/deploying.md")]
    mod deploying {}
}
