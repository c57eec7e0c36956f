//! Column rules follow the type a field holds, not its spelling: aliases of `String`,
//! `Decimal`, `i64` and `Option<..>` get `varchar`, `numeric`, `identity` and NULL right.

use orm::prelude::*;

type Id = i64;
type Name = String;
type Money = Decimal;
type MaybeId = Option<i64>;

#[derive(Table)]
pub struct Team {
    #[column(primary_key, identity)]
    pub id: Id,
}

#[derive(Table)]
pub struct Player {
    #[column(primary_key, identity)]
    pub id: Id,
    #[column(varchar(40))]
    pub name: Name,
    #[column(numeric(12, 2))]
    pub salary: Money,
    #[column(references(Team::ID, on_delete = set_null))]
    pub team_id: MaybeId,
}

fn main() {
    let columns = <Player as Table>::meta().columns;
    assert!(!columns[0].nullable && columns[0].identity);
    assert_eq!(columns[1].sql_type, orm::schema::SqlType::Varchar(40));
    assert_eq!(columns[2].sql_type, orm::schema::SqlType::Numeric(Some((12, 2))));
    assert!(columns[3].nullable, "an alias of `Option` is a nullable column");
}
