-- Close the day (issue 11): the profile's working hours, working days, daily target and the time of
-- the end-of-day nudge. Times are HH:MM wall times in the user's zone (text compares as time:
-- '09:00' < '17:00'); a null target means no progress bar, a null nudge means no reminder.
ALTER TABLE "users" ADD COLUMN "work_start" text DEFAULT '09:00' NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "work_end" text DEFAULT '17:00' NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "work_days" smallint[] DEFAULT '{1,2,3,4,5}'::smallint[] NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "daily_target_minutes" smallint DEFAULT 480;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "nudge_at" text DEFAULT '17:00';
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_workday_ck" CHECK ("users"."work_start" < "users"."work_end" AND cardinality("users"."work_days") BETWEEN 1 AND 7 AND ("users"."daily_target_minutes" IS NULL OR "users"."daily_target_minutes" BETWEEN 15 AND 1440));
