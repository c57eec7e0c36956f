//! A table can reference its own key as `Self::ID`: the derive reads `Self` as the struct.

use orm::prelude::*;

#[derive(Table, Debug, Clone)]
#[table(name = "categories")]
pub struct Category {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references(Self::ID, on_delete = set_null))]
    pub parent_id: Option<i64>,
    pub name: String,
}

fn main() {
    let parent = <Category as Table>::meta().columns[1].references.unwrap();
    assert_eq!(parent.table, "categories");
    assert_eq!(parent.column, "id");
}
