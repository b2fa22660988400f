-- CreateEnum
CREATE TYPE "JobKind" AS ENUM ('trace', 'trace_batch', 'diff');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" "JobKind" NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "request" JSONB NOT NULL,
    "requestHash" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "snapshotIds" TEXT[],
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "expectPassed" INTEGER NOT NULL DEFAULT 0,
    "expectFailed" INTEGER NOT NULL DEFAULT 0,
    "expectNone" INTEGER NOT NULL DEFAULT 0,
    "error" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobFlowResult" (
    "jobId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "label" TEXT,
    "request" JSONB NOT NULL,
    "outcome" JSONB NOT NULL,
    "expect" TEXT,
    "passed" BOOLEAN,
    "trace" JSONB,
    "worker" TEXT NOT NULL,

    CONSTRAINT "JobFlowResult_pkey" PRIMARY KEY ("jobId","index")
);

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_createdAt_id_idx" ON "Job"("createdAt", "id");

-- AddForeignKey
ALTER TABLE "JobFlowResult" ADD CONSTRAINT "JobFlowResult_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
