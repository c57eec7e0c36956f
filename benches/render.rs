//! W12 of BENCH.md: building and rendering a query, no database. `cargo bench --bench render`
//!
//! The database workloads are in `benches/workloads/` (`cargo bench --bench workloads`).

// A benchmark binary, not an API: criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use orm::prelude::*;

/// A user table like BENCH.md's.
#[derive(Table, Debug, Clone)]
#[table(name = "users")]
pub struct User {
    #[column(primary_key, identity)]
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

fn three_condition_select(c: &mut Criterion) {
    c.bench_function("W12 build + render 3-condition select", |b| {
        b.iter(|| {
            let query = User::select()
                .filter(User::NAME.eq(black_box("Ada")))
                .filter(User::ID.gt(black_box(10)).and(User::HAIR_COLOR.is_not_null()))
                .order_by(User::ID.desc())
                .limit(20);
            black_box(query.to_sql())
        })
    });
}

criterion_group!(benches, three_condition_select);
criterion_main!(benches);
