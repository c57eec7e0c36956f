//! What a SELECT reads from: one table, or tables joined to it. `In<S, I>` says table
//! `T` is part of source `S`; the position `I` is inferred by the compiler, so a column
//! can be used wherever its table is joined, and nowhere else.

use std::marker::PhantomData;

use tokio_postgres::Row;

use crate::error::Result;
use crate::render::SqlWriter;
use crate::table::Table;
use crate::types::ColumnType;

/// `T` is the source itself.
#[derive(Debug)]
pub struct Here;

/// `T` is in the left side of a join, at position `I` there.
#[derive(Debug)]
pub struct InLeft<I>(PhantomData<fn() -> I>);

/// `T` is the table joined on the right.
#[derive(Debug)]
pub struct InRight;

/// `INNER JOIN`.
#[derive(Debug)]
pub struct Inner;

/// `LEFT JOIN`: the joined table's values may be missing.
#[derive(Debug)]
pub struct LeftOuter;

/// Rows of `L` joined with rows of table `R` (`K` = [`Inner`] or [`LeftOuter`]).
#[derive(Debug)]
pub struct Join<L, R, K>(PhantomData<Marker<L, R, K>>);

/// Names the types without owning values of them (and stays `Send + Sync`).
type Marker<L, R, K> = fn() -> (L, R, K);

/// Whether a table's columns may be NULL in a source (the right side of a LEFT JOIN).
pub trait Nullability {
    /// `V`, or `Option<V::Base>` where a missing match gives NULL.
    type Apply<V: ColumnType>: ColumnType;
    /// `T`, or `Option<T>`, for a whole row.
    type Row<T: Send>: Send;
}

/// Values are as declared.
#[derive(Debug)]
pub struct NotNull;

/// Values may be NULL.
#[derive(Debug)]
pub struct Nullable;

impl Nullability for NotNull {
    type Apply<V: ColumnType> = V;
    type Row<T: Send> = T;
}

impl Nullability for Nullable {
    type Apply<V: ColumnType> = Option<V::Base>;
    type Row<T: Send> = Option<T>;
}

/// Table `Self` is part of source `S`, at position `I`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not among the tables of this query (`{S}`)",
    label = "a column of a table the query does not read",
    note = "use columns of the queried table, or join their table first with `inner_join` / `left_join`"
)]
pub trait In<S, I> {
    /// Whether the table's values may be NULL in `S`.
    type Null: Nullability;
}

impl<T: Table> In<T, Here> for T {
    type Null = NotNull;
}

impl<L, R, K, T: In<L, I>, I> In<Join<L, R, K>, InLeft<I>> for T {
    type Null = T::Null;
}

impl<L, R: Table> In<Join<L, R, Inner>, InRight> for R {
    type Null = NotNull;
}

impl<L, R: Table> In<Join<L, R, LeftOuter>, InRight> for R {
    type Null = Nullable;
}

/// A source a SELECT reads: a table, or a join.
pub trait Source: Send + Sync + 'static {
    /// A whole row: `T`, or `(L.., R)` / `(L.., Option<R>)` for joins.
    type Row: Send;
    /// How many columns a whole row has.
    const WIDTH: usize;
    /// The table in the FROM clause (the leftmost one).
    fn base_table() -> &'static str;
    /// The FROM table's soft-delete column, if it has one.
    fn base_soft_delete() -> Option<&'static str>;
    /// Writes every column of every table.
    #[doc(hidden)]
    fn render_all_columns(w: &mut SqlWriter<'_>);
    /// Decodes a whole row from columns `start..`.
    #[doc(hidden)]
    fn decode_row(row: &Row, start: usize) -> Result<Self::Row>;
}

impl<T: Table> Source for T {
    type Row = T;
    const WIDTH: usize = T::WIDTH;

    fn base_table() -> &'static str {
        <T as Table>::NAME
    }

    fn base_soft_delete() -> Option<&'static str> {
        T::meta().soft_delete
    }

    fn render_all_columns(w: &mut SqlWriter<'_>) {
        super::selection::render_all_columns::<T>(w);
    }

    fn decode_row(row: &Row, start: usize) -> Result<T> {
        T::from_row_at(row, start)
    }
}

/// How a join kind shapes the joined table's row.
pub trait JoinKind: Send + Sync + 'static {
    /// `NotNull` for inner joins, `Nullable` for left joins.
    type Null: Nullability;
    /// The SQL keyword.
    const SQL: &'static str;
    /// Decodes the joined table's row (`None` for a LEFT JOIN without a match).
    #[doc(hidden)]
    fn decode<R: Table>(row: &Row, start: usize) -> Result<<Self::Null as Nullability>::Row<R>>;
}

impl JoinKind for Inner {
    type Null = NotNull;
    const SQL: &'static str = " INNER JOIN ";

    fn decode<R: Table>(row: &Row, start: usize) -> Result<R> {
        R::from_row_at(row, start)
    }
}

impl JoinKind for LeftOuter {
    type Null = Nullable;
    const SQL: &'static str = " LEFT JOIN ";

    fn decode<R: Table>(row: &Row, start: usize) -> Result<Option<R>> {
        // No match: the joined table's primary key (NOT NULL in every real row) is NULL.
        // A table without a primary key is judged by all its columns being NULL.
        let meta = R::meta();
        let key_columns: Vec<usize> = meta
            .primary_key
            .iter()
            .filter_map(|key| meta.columns.iter().position(|c| c.name == *key))
            .map(|i| start + i)
            .collect();
        let probe: Vec<usize> =
            if key_columns.is_empty() { (start..start + R::WIDTH).collect() } else { key_columns };
        let missing = probe.iter().all(|&i| row.try_get::<_, Option<AnyRaw>>(i).is_ok_and(|v| v.is_none()));
        if missing { Ok(None) } else { R::from_row_at(row, start).map(Some) }
    }
}

impl<L: Source, R: Table, K: JoinKind> Source for Join<L, R, K> {
    type Row = (L::Row, <K::Null as Nullability>::Row<R>);
    const WIDTH: usize = L::WIDTH + R::WIDTH;

    fn base_table() -> &'static str {
        L::base_table()
    }

    fn base_soft_delete() -> Option<&'static str> {
        L::base_soft_delete()
    }

    fn render_all_columns(w: &mut SqlWriter<'_>) {
        L::render_all_columns(w);
        w.push_sql(", ");
        super::selection::render_all_columns::<R>(w);
    }

    fn decode_row(row: &Row, start: usize) -> Result<Self::Row> {
        Ok((L::decode_row(row, start)?, K::decode::<R>(row, start + L::WIDTH)?))
    }
}

/// Accepts any value without reading it, to tell NULL apart.
struct AnyRaw;

impl<'a> postgres_types::FromSql<'a> for AnyRaw {
    fn from_sql(
        _: &postgres_types::Type,
        _: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(AnyRaw)
    }

    fn accepts(_: &postgres_types::Type) -> bool {
        true
    }
}
