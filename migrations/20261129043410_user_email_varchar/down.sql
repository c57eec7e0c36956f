-- Undoes 20261129043410_user_email_varchar. Not run by `migrate`; apply it by hand to go back.

-- undo: change the type of "users"."email" from text to varchar(254)
ALTER TABLE "users" ALTER COLUMN "email" TYPE text USING "email"::text;
