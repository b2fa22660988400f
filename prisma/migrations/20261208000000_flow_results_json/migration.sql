-- AlterTable: a batch's flow documents are stored as json, the text as written: they are written once
-- and read whole, and parsing them into jsonb was most of what Postgres spent on a batch
ALTER TABLE "JobFlowResult" ALTER COLUMN "request" SET DATA TYPE JSON USING "request"::json,
  ALTER COLUMN "outcome" SET DATA TYPE JSON USING "outcome"::json,
  ALTER COLUMN "trace" SET DATA TYPE JSON USING "trace"::json;
