-- AlterTable: a batch flow's disposition as a column of its own, so that the batch's tally counts it
-- rather than reading every flow's outcome document
ALTER TABLE "JobFlowResult" ADD COLUMN "disposition" TEXT;
UPDATE "JobFlowResult" SET "disposition" = "outcome"->>'disposition' WHERE "outcome"->>'disposition' IS NOT NULL;
