ALTER TABLE "organizations" ADD COLUMN "default_hourly_rate_cents" integer;--> statement-breakpoint
CREATE INDEX "time_records_org_start_idx" ON "time_records" USING btree ("org_id","starts_at");
