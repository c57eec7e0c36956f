-- Undoes 20261122050036_create_blog. Not run by `migrate`; apply it by hand to go back.

-- undo: create index "comments_post_id_idx" on "comments"
DROP INDEX "comments_post_id_idx";

-- undo: create index "posts_author_id_idx" on "posts"
DROP INDEX "posts_author_id_idx";

-- undo: create table "comments"
DROP TABLE "comments";

-- undo: create table "posts"
DROP TABLE "posts";

-- undo: create table "users"
DROP TABLE "users";

-- undo: create enum type "user_role"
DROP TYPE "user_role";
