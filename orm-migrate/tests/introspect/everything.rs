//! A schema with every feature the derives declare: every column type, literal
//! and SQL defaults, identity, keys, foreign keys with every action (a
//! self-reference and a cycle), checks, every kind of index and odd names.

use orm::prelude::*;

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "mood")]
pub enum Mood {
    Happy,
    #[pg_enum(rename = "it's ok")]
    ItsOk,
    #[pg_enum(rename = r"back\slash")]
    Backslash,
}

#[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
#[pg_enum(name = "odd \"kind\"")]
pub enum OddKind {
    #[pg_enum(rename = "a\"b")]
    AB,
    Plain,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "everything")]
#[index(columns(small, int))]
#[unique_index(columns(big, text_value))]
#[index(columns(tags), using = gin)]
#[index(columns(email), where = "deleted_at IS NULL", name = "everything_live_email_idx")]
#[index(expressions("lower(email)"), name = "everything_email_lower_idx")]
pub struct Everything {
    #[column(primary_key, default = sql("gen_random_uuid()"))]
    pub id: Uuid,
    #[column(default = "true")]
    pub flag: bool,
    #[column(default = "false")]
    pub off: Option<bool>,
    #[column(default = "-5")]
    pub small: i16,
    #[column(default = "-2147483648")]
    pub int: i32,
    #[column(default = "9223372036854775807", unique)]
    pub big: i64,
    #[column(default = "1.5")]
    pub float: f32,
    #[column(default = "-2.5e-3")]
    pub double: f64,
    #[column(default = "1e20")]
    pub huge: f64,
    #[column(default = r"it's a \ backslash")]
    pub text_value: String,
    #[column(varchar(20), default = "short")]
    pub short: String,
    #[column(numeric(10, 2), default = "9.99")]
    pub price: Decimal,
    #[column(default = "-1.5")]
    pub amount: Option<Decimal>,
    #[column(default = r"\x00ff")]
    pub bytes: Vec<u8>,
    #[column(default = "00000000-0000-0000-0000-000000000000")]
    pub token: Uuid,
    #[column(default = sql("now()"))]
    pub created_at: DateTime<Utc>,
    #[column(default = "2024-01-31 12:00:00")]
    pub local: NaiveDateTime,
    #[column(default = "2024-01-31")]
    pub day: NaiveDate,
    #[column(default = "12:30:00")]
    pub at: NaiveTime,
    #[column(default = r#"{"a": [1, "two"]}"#)]
    pub doc: serde_json::Value,
    #[column(default = "{}")]
    pub tags: Vec<String>,
    pub ints: Option<Vec<i32>>,
    #[column(default = "it's ok")]
    pub mood: Mood,
    #[column(default = "{}")]
    pub moods: Vec<Mood>,
    pub odd: Option<OddKind>,
    pub email: String,
    pub deleted_at: Option<DateTime<Utc>>,
    #[column(check = "score >= 0")]
    pub score: i32,
    #[column(identity)]
    pub seq: i64,
    #[column(name = "Mixed Case")]
    pub mixed: Option<String>,
    pub r#type: Option<String>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "teams")]
pub struct Team {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(references(Player::ID, on_delete = set_null, on_update = cascade))]
    pub captain_id: Option<i32>,
    #[column(references(Team::ID, on_delete = set_default))]
    pub parent_id: Option<i32>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "players")]
pub struct Player {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(references(Team::ID, on_delete = cascade, on_update = restrict), index)]
    pub team_id: i32,
    #[column(references(Everything::ID, on_delete = restrict, on_update = no_action))]
    pub owner: Option<Uuid>,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "memberships", primary_key(team_id, player_id))]
pub struct Membership {
    #[column(references(Team::ID, on_delete = cascade))]
    pub team_id: i32,
    #[column(references(Player::ID, on_delete = cascade))]
    pub player_id: i32,
    #[column(default = "happy")]
    pub mood: Mood,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "odd \"quoted\" table")]
pub struct Odd {
    #[column(primary_key, name = "select \"value\"; --")]
    pub value: String,
    #[column(name = "we ird", check = r#""we ird" > 0"#)]
    pub weird: i32,
    #[column(name = "kind", default = "a\"b")]
    pub kind: OddKind,
}

/// Every table and type.
pub fn schema() -> orm::Schema {
    orm::schema![Everything, Team, Player, Membership, Odd]
}
