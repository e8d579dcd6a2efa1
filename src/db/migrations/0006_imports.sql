ALTER TABLE "time_records" ADD COLUMN "import_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "time_records_import_key_uq" ON "time_records" USING btree ("org_id","import_key") WHERE "import_key" IS NOT NULL;
