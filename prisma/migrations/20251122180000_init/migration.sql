-- CreateEnum
CREATE TYPE "ApiTokenScope" AS ENUM ('read', 'write');

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cluster" TEXT,
    "capturedAt" TIMESTAMP(3),
    "description" TEXT,
    "meta" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "totalBytes" INTEGER NOT NULL,
    "topology" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "rawOnly" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotFile" (
    "id" TEXT NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "SnapshotFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "node" TEXT,
    "notes" TEXT,
    "interfaces" JSONB,
    "routes" JSONB,
    "rules" JSONB,
    "sysctls" JSONB,
    "ipsets" JSONB,
    "conntrack" JSONB,
    "ipvs" JSONB,
    "fdb" JSONB,
    "neighbours" JSONB,
    "files" TEXT[],
    "iptablesFormat" TEXT,
    "iptablesBackend" TEXT,
    "iptablesVersion" TEXT,
    "iptablesTables" TEXT[],

    CONSTRAINT "Host_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IptablesChain" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "builtin" BOOLEAN NOT NULL,
    "policy" TEXT,
    "packets" BIGINT,
    "bytes" BIGINT,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "IptablesChain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IptablesRule" (
    "id" TEXT NOT NULL,
    "chainId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "packets" BIGINT,
    "bytes" BIGINT,
    "matches" JSONB NOT NULL,
    "target" TEXT,
    "targetKind" TEXT,
    "targetOptions" JSONB,

    CONSTRAINT "IptablesRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "ApiTokenScope" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Snapshot_contentHash_key" ON "Snapshot"("contentHash");

-- CreateIndex
CREATE INDEX "Snapshot_createdAt_id_idx" ON "Snapshot"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SnapshotFile_snapshotId_path_key" ON "SnapshotFile"("snapshotId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Host_snapshotId_name_key" ON "Host"("snapshotId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "IptablesChain_hostId_table_name_key" ON "IptablesChain"("hostId", "table", "name");

-- CreateIndex
CREATE INDEX "IptablesRule_hostId_target_idx" ON "IptablesRule"("hostId", "target");

-- CreateIndex
CREATE UNIQUE INDEX "IptablesRule_chainId_position_key" ON "IptablesRule"("chainId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "SnapshotFile" ADD CONSTRAINT "SnapshotFile_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Host" ADD CONSTRAINT "Host_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IptablesChain" ADD CONSTRAINT "IptablesChain_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IptablesRule" ADD CONSTRAINT "IptablesRule_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "IptablesChain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IptablesRule" ADD CONSTRAINT "IptablesRule_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;
