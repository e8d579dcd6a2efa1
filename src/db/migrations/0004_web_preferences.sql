-- What the web app needs of the database (issue 9).
-- The profile's display and behaviour settings: only what the person changed is stored; the
-- rest comes from the defaults in src/contract/account.ts when read.
ALTER TABLE "users" ADD COLUMN "preferences" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
-- The stopwatch may run before a project is chosen; stopping it asks for one.
ALTER TABLE "timers" ALTER COLUMN "project_id" DROP NOT NULL;
--> statement-breakpoint
-- A user's choices for a whole meeting series, by UID (the same series seen through two of the
-- user's connections is one): the project and task to suggest, and "dismiss every occurrence".
CREATE TABLE "impulse_series" (
	"user_id" text NOT NULL,
	"uid" text NOT NULL,
	"org_id" text NOT NULL,
	"project_id" text,
	"task_id" text,
	"remembered_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	CONSTRAINT "impulse_series_user_id_uid_pk" PRIMARY KEY("user_id","uid")
);
--> statement-breakpoint
ALTER TABLE "impulse_series" ADD CONSTRAINT "impulse_series_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "impulse_series" ADD CONSTRAINT "impulse_series_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "impulse_series" ADD CONSTRAINT "impulse_series_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
-- An occurrence brought back on its own while its series stays dismissed.
ALTER TABLE "impulse_states" ADD COLUMN "restored_at" timestamp with time zone;
