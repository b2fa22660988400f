-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "ovn" JSONB;
