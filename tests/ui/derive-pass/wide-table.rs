//! A table wider than the 32 fields `__private::all_ok` decodes at once: its
//! fields are decoded one by one instead.

use orm::prelude::*;

#[derive(Table, Debug, Clone)]
#[table(name = "wide")]
pub struct Wide {
    #[column(primary_key, identity)]
    pub id: i64,
    pub c1: i32,
    pub c2: i32,
    pub c3: i32,
    pub c4: i32,
    pub c5: i32,
    pub c6: i32,
    pub c7: i32,
    pub c8: i32,
    pub c9: i32,
    pub c10: i32,
    pub c11: i32,
    pub c12: i32,
    pub c13: i32,
    pub c14: i32,
    pub c15: i32,
    pub c16: i32,
    pub c17: i32,
    pub c18: i32,
    pub c19: i32,
    pub c20: i32,
    pub c21: i32,
    pub c22: i32,
    pub c23: i32,
    pub c24: i32,
    pub c25: i32,
    pub c26: i32,
    pub c27: i32,
    pub c28: i32,
    pub c29: i32,
    pub c30: i32,
    pub c31: i32,
    pub c32: i32,
    pub c33: i32,
}

fn main() {
    assert_eq!(<Wide as orm::FromRow>::WIDTH, 34);
    assert_eq!(<Wide as Table>::meta().columns.len(), 34);
    let _ = Wide::select().filter(Wide::C33.eq(1));
}
