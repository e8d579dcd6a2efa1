-- A keyed hash (HMAC with KAIROS_SECRET) of each connection's normalised link: the link itself
-- is stored encrypted, so this is what finds a second connection of one user to the same feed.
-- Rows saved before this migration get it from the backfill at start (or on their next save).
ALTER TABLE "calendar_connections" ADD COLUMN "link_hash" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_connections_user_link_idx" ON "calendar_connections" USING btree ("user_id","link_hash") WHERE "link_hash" IS NOT NULL;
