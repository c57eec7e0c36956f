//! Nine versions of one schema, each a small step from the one before.

macro_rules! role_enum {
    ($($variant:ident),*) => {
        #[derive(PgEnum, Debug, Clone, Copy, PartialEq, Eq)]
        #[pg_enum(name = "user_role")]
        pub enum Role { $($variant),* }
    };
}

/// v1: users and posts (posts.author_id without a foreign key yet), a role enum.
pub mod v1 {
    use orm::prelude::*;
    role_enum!(Admin, Member);

    #[derive(Table, Debug, Clone, PartialEq)]
    #[table(name = "users")]
    pub struct User {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(unique)]
        pub email: String,
        pub name: String,
        #[column(default = "member")]
        pub role: Role,
        #[column(default = "0")]
        pub score: i32,
        pub legacy: Option<String>,
    }

    #[derive(Table, Debug, Clone, PartialEq)]
    #[table(name = "posts")]
    pub struct Post {
        #[column(primary_key, identity)]
        pub id: i64,
        pub author_id: i64,
        pub title: String,
    }

    pub fn schema() -> orm::Schema {
        orm::schema![User, Post]
    }
}

/// v2: add a column (users.bio).
pub mod v2 {
    use orm::prelude::*;
    role_enum!(Admin, Member);

    #[derive(Table)]
    #[table(name = "users")]
    pub struct User {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(unique)]
        pub email: String,
        pub name: String,
        #[column(default = "member")]
        pub role: Role,
        #[column(default = "0")]
        pub score: i32,
        pub legacy: Option<String>,
        pub bio: Option<String>,
    }

    pub use super::v1::Post;

    pub fn schema() -> orm::Schema {
        orm::schema![User, Post]
    }
}

/// `users` from v3 on: `name` renamed to `display_name`, with the extra column
/// attributes, the score default and the role labels of each version.
macro_rules! renamed_users {
    ([$($display:tt)*], $score:literal, $($label:ident),*) => {
        use orm::prelude::*;
        role_enum!($($label),*);

        #[derive(Table)]
        #[table(name = "users")]
        pub struct User {
            #[column(primary_key, identity)]
            pub id: i64,
            #[column(unique)]
            pub email: String,
            #[column(renamed_from = "name" $($display)*)]
            pub display_name: String,
            #[column(default = "member")]
            pub role: Role,
            #[column(default = $score)]
            pub score: i32,
            pub legacy: Option<String>,
            pub bio: Option<String>,
        }

        pub use super::v1::Post;

        pub fn schema() -> orm::Schema {
            orm::schema![User, Post]
        }
    };
}

/// v3: rename users.name to display_name (renamed_from).
pub mod v3 {
    renamed_users!([], "0", Admin, Member);
}

/// v4: add an index on users.display_name.
pub mod v4 {
    renamed_users!([, index], "0", Admin, Member);
}

/// v5: change a default (users.score 0 → 10).
pub mod v5 {
    renamed_users!([, index], "10", Admin, Member);
}

/// v6: add an enum value (guest, between admin and member).
pub mod v6 {
    renamed_users!([, index], "10", Admin, Guest, Member);
}

/// v7: add a foreign key (posts.author_id → users.id).
pub mod v7 {
    pub use super::v6::{Role, User};
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "posts")]
    pub struct Post {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references(User::ID, on_delete = cascade))]
        pub author_id: i64,
        pub title: String,
    }

    pub fn schema() -> orm::Schema {
        orm::schema![Role, User, Post]
    }
}

/// v8: drop a column (users.legacy), which needs --allow-data-loss.
pub mod v8 {
    use orm::prelude::*;
    role_enum!(Admin, Guest, Member);

    #[derive(Table)]
    #[table(name = "users")]
    pub struct User {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(unique)]
        pub email: String,
        #[column(renamed_from = "name", index)]
        pub display_name: String,
        #[column(default = "member")]
        pub role: Role,
        #[column(default = "10")]
        pub score: i32,
        pub bio: Option<String>,
    }

    #[derive(Table)]
    #[table(name = "posts")]
    pub struct Post {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references(User::ID, on_delete = cascade))]
        pub author_id: i64,
        pub title: String,
    }

    pub fn schema() -> orm::Schema {
        orm::schema![User, Post]
    }
}

/// v9: add a table (tags, referencing posts), and rename posts to articles.
pub mod v9 {
    pub use super::v8::{Role, User};
    use orm::prelude::*;

    #[derive(Table)]
    #[table(name = "articles", renamed_from = "posts")]
    pub struct Article {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references(User::ID, on_delete = cascade))]
        pub author_id: i64,
        pub title: String,
    }

    #[derive(Table)]
    #[table(name = "tags")]
    #[index(columns(article_id, label), name = "tags_by_article")]
    pub struct Tag {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references(Article::ID, on_delete = cascade))]
        pub article_id: i64,
        #[column(varchar(40))]
        pub label: String,
    }

    pub fn schema() -> orm::Schema {
        orm::schema![Role, User, Article, Tag]
    }
}

/// Every version, in order.
pub fn all() -> Vec<orm::Schema> {
    vec![
        v1::schema(),
        v2::schema(),
        v3::schema(),
        v4::schema(),
        v5::schema(),
        v6::schema(),
        v7::schema(),
        v8::schema(),
        v9::schema(),
    ]
}
