CREATE TABLE "calendar_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"name_is_custom" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"url_ciphertext" text NOT NULL,
	"url_masked" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"detail_level" text,
	"event_count" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"next_sync_at" timestamp with time zone,
	"last_error" jsonb,
	"notices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"etag" text,
	"last_modified" text,
	"content_hash" text,
	"failure_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_occurrences" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"uid" text NOT NULL,
	"recurrence_id" text,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"all_day" boolean NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"location" text,
	"busy_status" text NOT NULL,
	"private" boolean NOT NULL,
	"cancelled" boolean NOT NULL,
	"removed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_sync_jobs" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "impulse_states" (
	"user_id" text NOT NULL,
	"impulse_id" text NOT NULL,
	"org_id" text NOT NULL,
	"dismissed_at" timestamp with time zone,
	"tracked_snapshot" jsonb,
	"tracked_at" timestamp with time zone,
	CONSTRAINT "impulse_states_user_id_impulse_id_pk" PRIMARY KEY("user_id","impulse_id")
);
--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_occurrences" ADD CONSTRAINT "calendar_occurrences_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_sync_jobs" ADD CONSTRAINT "calendar_sync_jobs_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impulse_states" ADD CONSTRAINT "impulse_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_connections_user_idx" ON "calendar_connections" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "calendar_occurrences_user_start_idx" ON "calendar_occurrences" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "calendar_occurrences_connection_start_idx" ON "calendar_occurrences" USING btree ("connection_id","starts_at");--> statement-breakpoint
CREATE INDEX "calendar_sync_jobs_due_idx" ON "calendar_sync_jobs" USING btree ("due_at");