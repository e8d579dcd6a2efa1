-- Tags can be archived like clients, projects and tasks (issue 11): an archived tag stays on the
-- time records that carry it but is no longer offered for new ones.
ALTER TABLE "tags" ADD COLUMN "archived" boolean DEFAULT false NOT NULL;
