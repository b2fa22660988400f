-- AlterTable: a node's ovs-interfaces.json (OVS Interface rows), which joins its veths to OVN ports
ALTER TABLE "Host" ADD COLUMN "ovsInterfaces" JSONB;
