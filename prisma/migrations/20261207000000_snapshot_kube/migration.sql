-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "kube" JSONB;
