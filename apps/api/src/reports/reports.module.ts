import { Module } from '@nestjs/common';
import { PrismaService, ReportRepository } from '@hookpath/data-access';
import { SnapshotViewsModule } from '../graphql/snapshot-views.module';
import { JobsModule } from '../jobs/jobs.module';
import { ReportDocumentBuilder } from './report-document-builder';
import { ReportLinksController } from './report-links.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/**
 * Shared reports: POST /api/v1/jobs/{id}/reports and DELETE /api/v1/reports/{id} (write scope), the
 * public links /r/<token>[.md|.html|.json], and ReportsService for the GraphQL report fields.
 * Reads the snapshot model and hook paths through SnapshotViewsModule's model cache and views, as
 * GraphqlApiModule does.
 */
@Module({
  imports: [JobsModule, SnapshotViewsModule],
  controllers: [ReportsController, ReportLinksController],
  providers: [
    { provide: ReportRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new ReportRepository(prisma) },
    ReportDocumentBuilder,
    ReportsService,
  ],
  exports: [ReportsService],
})
export class ReportsModule {}
