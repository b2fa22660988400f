import { Module } from '@nestjs/common';
import { IptablesCheckPool } from './iptables-check-pool';
import { SnapshotIngestService } from './snapshot-ingest.service';

/** The one ingest path of snapshots, shared by REST (`POST /api/v1/snapshots`) and GraphQL (`uploadSnapshot`). */
@Module({
  providers: [SnapshotIngestService, IptablesCheckPool],
  exports: [SnapshotIngestService],
})
export class SnapshotIngestModule {}
