-- DropTable: a host's iptables chains and rules are read from its stored iptables file (SnapshotFile)
-- when asked for, instead of one row per rule (millions for a cluster, the bulk of an upload's time)
DROP TABLE "IptablesRule";
DROP TABLE "IptablesChain";

-- AlterTable: the files are stored gzipped already; Postgres need not try to compress them again
-- (TOAST's attempt costs more than half of the insert of a cluster's 130 MB)
ALTER TABLE "SnapshotFile" ALTER COLUMN "content" SET STORAGE EXTERNAL;
