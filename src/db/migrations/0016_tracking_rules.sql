CREATE TABLE "tracking_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"pattern" text,
	"series_key" text,
	"project_id" text NOT NULL,
	"task_id" text,
	"tag_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"mode" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_rules_matcher_ck" CHECK (("kind" = 'subject' AND "pattern" IS NOT NULL AND "series_key" IS NULL) OR ("kind" = 'series' AND "series_key" IS NOT NULL AND "pattern" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "tracking_rules" ADD CONSTRAINT "tracking_rules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_rules" ADD CONSTRAINT "tracking_rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_rules" ADD CONSTRAINT "tracking_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_rules" ADD CONSTRAINT "tracking_rules_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracking_rules_user_idx" ON "tracking_rules" USING btree ("org_id","user_id");--> statement-breakpoint
ALTER TABLE "time_records" ADD COLUMN "rule_id" text;--> statement-breakpoint
ALTER TABLE "impulse_states" ADD COLUMN "rule_tracked_at" timestamp with time zone;
