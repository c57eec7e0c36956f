//! A default passed through a `macro_rules!` fragment (`$default:literal`, which
//! arrives wrapped in an invisible group) is read like one written in place.

use orm::prelude::*;

macro_rules! counter_table {
    ($default:literal) => {
        #[derive(Table)]
        #[table(name = "counters")]
        pub struct Counter {
            #[column(primary_key, identity)]
            pub id: i64,
            #[column(default = $default)]
            pub value: i32,
        }
    };
}

counter_table!("10");

fn main() {
    let column = Counter::meta().column("value").expect("the column");
    assert_eq!(column.default, Some(orm::schema::DefaultValue::Literal("10")));
}
