//! SeaORM 1.x (sqlx-postgres) over a one-connection pool (`max_connections(1)`).
//! `test_before_acquire(false)`: the sqlx pool's default pings the connection (one extra
//! round trip) on every checkout; see the README.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectOptions, Database, LoaderTrait, QueryOrder, QuerySelect, Set, TransactionTrait};

use crate::contender_raw::{W10_NEW_NAME, W10_POST_TITLE, W9_NEW_NAME};
use crate::{Nested, W10_ID, W1_ID, W5_MAX_USER, W9_UPDATE_ID};

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub hair_color: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::post::Entity")]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub body: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
        #[sea_orm(has_many = "super::comment::Entity")]
        Comment,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }
    impl Related<super::comment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::post::Entity",
            from = "Column::PostId",
            to = "super::post::Column::Id"
        )]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

impl From<user::Model> for crate::User {
    fn from(u: user::Model) -> Self {
        crate::User { id: u.id, name: u.name, hair_color: u.hair_color }
    }
}
impl From<post::Model> for crate::Post {
    fn from(p: post::Model) -> Self {
        crate::Post { id: p.id, user_id: p.user_id, title: p.title, body: p.body }
    }
}
impl From<comment::Model> for crate::Comment {
    fn from(c: comment::Model) -> Self {
        crate::Comment { id: c.id, post_id: c.post_id, text: c.text }
    }
}

pub struct Sea {
    db: DatabaseConnection,
}

impl Sea {
    /// `test_before_acquire`: false for the benchmark (fair: one connection, no checkout cost
    /// beyond the pool's own bookkeeping); true is sqlx's and SeaORM's default.
    pub async fn connect(url: &str, test_before_acquire: bool) -> Sea {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.max_connections(1).min_connections(1).test_before_acquire(test_before_acquire);
        Sea { db: Database::connect(opts).await.expect("sea-orm connect") }
    }

    pub async fn w1(&mut self) -> Option<user::Model> {
        user::Entity::find_by_id(W1_ID).one(&self.db).await.expect("w1")
    }

    pub async fn w2(&mut self, n: i64) -> Vec<user::Model> {
        user::Entity::find().order_by_asc(user::Column::Id).limit(n as u64).all(&self.db).await.expect("w2")
    }

    pub async fn w4(&mut self, m: i32) -> Vec<(user::Model, Option<post::Model>)> {
        user::Entity::find()
            .find_also_related(post::Entity)
            .filter(user::Column::Id.lte(m))
            .order_by_asc(user::Column::Id)
            .order_by_asc(post::Column::Id)
            .all(&self.db)
            .await
            .expect("w4")
    }

    /// `find_with_related` (one LEFT JOIN query, users x posts) for the first level, then
    /// `LoaderTrait::load_many` (one `IN (...)` query) for the comments: two round trips.
    pub async fn w5(&mut self) -> Nested<user::Model, post::Model, comment::Model> {
        let users_posts: Vec<(user::Model, Vec<post::Model>)> = user::Entity::find()
            .filter(user::Column::Id.lte(W5_MAX_USER))
            .order_by_asc(user::Column::Id)
            .find_with_related(post::Entity)
            .order_by_asc(post::Column::Id)
            .all(&self.db)
            .await
            .expect("w5 users+posts");
        // Move (not clone) the posts into one slice for the loader, then split them back.
        let mut users = Vec::with_capacity(users_posts.len());
        let mut counts = Vec::with_capacity(users_posts.len());
        let mut all_posts = Vec::new();
        for (u, ps) in users_posts {
            users.push(u);
            counts.push(ps.len());
            all_posts.extend(ps);
        }
        let comments = all_posts.load_many(comment::Entity, &self.db).await.expect("w5 comments");
        let mut posts = all_posts.into_iter().zip(comments);
        users.into_iter().zip(counts).map(|(u, n)| (u, posts.by_ref().take(n).collect())).collect()
    }

    pub async fn w9_update(&mut self) -> u64 {
        user::Entity::update_many()
            .col_expr(user::Column::Name, Expr::value(W9_NEW_NAME))
            .filter(user::Column::Id.eq(W9_UPDATE_ID))
            .exec(&self.db)
            .await
            .expect("w9 update")
            .rows_affected
    }

    pub async fn w9_delete(&mut self, id: i32) -> u64 {
        user::Entity::delete_by_id(id).exec(&self.db).await.expect("w9 delete").rows_affected
    }

    pub async fn w10(&mut self) -> (String, i32) {
        let txn = self.db.begin().await.expect("begin");
        let u = user::Entity::find_by_id(W10_ID).one(&txn).await.expect("w10 select").expect("user exists");
        user::Entity::update_many()
            .col_expr(user::Column::Name, Expr::value(W10_NEW_NAME))
            .filter(user::Column::Id.eq(u.id))
            .exec(&txn)
            .await
            .expect("w10 update");
        let res = post::Entity::insert(post::ActiveModel {
            user_id: Set(u.id),
            title: Set(W10_POST_TITLE.to_owned()),
            body: Set(None),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("w10 insert");
        txn.commit().await.expect("commit");
        (u.name, res.last_insert_id)
    }
}

crate::impl_contender!(Sea, "sea-orm");
