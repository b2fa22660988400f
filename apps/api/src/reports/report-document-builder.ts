import { Inject, Injectable } from '@nestjs/common';
import { SnapshotModelCache, SnapshotRepository, type FlowResultRecord, type JobRecord } from '@hookpath/data-access';
import {
  asNumber,
  asObject,
  asString,
  batchReport,
  diffReport,
  listedChangedFlows,
  MAX_REPORT_FLOWS,
  noteworthyFlow,
  parseTrace,
  snapshotSummary,
  storedFlow,
  traceReport,
  tracedHosts,
  type FlowSetQuestion,
  type HookEntryKind,
  type ReportDocument,
  type ReportFlow,
  type ReportHookPath,
  type ReportSnapshot,
  type TraceQuestion,
} from '@hookpath/report';
import type { Trace } from '@hookpath/engine';
import { snapshotNotFound } from '../jobs/job-errors';
import { JobsService } from '../jobs/jobs.service';
import { SnapshotViews } from '../graphql/snapshot-views';

/** What every report document starts with. */
export interface ReportHeader {
  id: string;
  title?: string | undefined;
  createdAt: string;
  expiresAt: string;
}

/** Stored flows read per query while looking for the ones a report lists. */
const FLOW_PAGE = 1000;

/**
 * Freezes a completed job into a hookpath.report/v1 document: the job's result, its request, the
 * snapshot as it is now (names, capture time, what was captured) and, for a trace, the hook paths
 * of the hosts it crossed, computed as the GraphQL `hookPaths` field computes them.
 */
@Injectable()
export class ReportDocumentBuilder {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(SnapshotRepository) private readonly snapshots: SnapshotRepository,
    @Inject(SnapshotModelCache) private readonly models: SnapshotModelCache,
    @Inject(SnapshotViews) private readonly views: SnapshotViews,
  ) {}

  async build(job: JobRecord, header: ReportHeader): Promise<ReportDocument> {
    const request = asObject(await this.jobs.request(job.id)) ?? {};
    switch (job.kind) {
      case 'trace':
        return this.trace(job, request, header);
      case 'trace-batch':
        return this.batch(job, request, header);
      case 'diff':
        return this.diff(job, request, header);
    }
  }

  private async snapshot(id: string | null, field: string): Promise<ReportSnapshot> {
    const record = id === null ? null : await this.snapshots.get(id);
    const model = id === null || record === null ? null : await this.models.get(id);
    if (id === null || record === null || model === null) throw snapshotNotFound(id ?? '', `the job's ${field}`);
    return snapshotSummary(model, { id, name: record.name });
  }

  private async hookPaths(snapshotId: string, trace: Trace): Promise<ReportHookPath[]> {
    const paths = await Promise.all(tracedHosts(trace).map((host) => this.views.hookPaths(snapshotId, host)));
    return paths.flat().map((path) => ({
      host: path.host,
      hook: path.hook,
      entries: path.entries.map((e) => ({
        kind: e.kind as HookEntryKind,
        priority: e.priority,
        priorityName: e.priorityName,
        table: e.table,
        chain: e.chain,
        policy: e.policy,
        ruleCount: e.ruleCount,
        active: e.active,
      })),
    }));
  }

  private async trace(job: JobRecord, request: Record<string, unknown>, header: ReportHeader): Promise<ReportDocument> {
    const snapshotId = asString(request['snapshotId']);
    const snapshot = await this.snapshot(snapshotId, 'snapshotId');
    const trace = parseTrace(job.result, '$.result');
    const question: TraceQuestion = { snapshotId: snapshot.id, ...storedFlow(request) };
    const label = asString(request['label']);
    const expect = asString(request['expect']);
    if (label !== null) question.label = label;
    if (expect !== null) question.expect = expect;
    return traceReport({ ...header, question, snapshot, trace, hookPaths: await this.hookPaths(snapshot.id, trace) });
  }

  private flowSetQuestion(request: Record<string, unknown>): FlowSetQuestion {
    const question: FlowSetQuestion = {
      flows: Array.isArray(request['flows']) ? request['flows'].length : 0,
      generators: (Array.isArray(request['generators']) ? request['generators'] : []).map((g) => asString(asObject(g)?.['name']) ?? '?'),
    };
    for (const key of ['snapshotId', 'baseSnapshotId', 'targetSnapshotId', 'expect', 'branches'] as const) {
      const value = asString(request[key]);
      if (value !== null) question[key] = value;
    }
    if (request['roundTrip'] === true) question.roundTrip = true;
    return question;
  }

  /** Every stored flow of the job in order, a page at a time, until `visit` says stop. */
  private async eachFlow(job: JobRecord, failedOnly: boolean, visit: (flow: FlowResultRecord) => boolean): Promise<void> {
    const kind = job.kind === 'diff' ? 'diff' : 'trace-batch';
    let after: string | null = null;
    for (;;) {
      const page = await this.jobs.flows(job.id, kind, { first: FLOW_PAGE, after, failedOnly });
      for (const flow of page.items) if (!visit(flow)) return;
      if (!page.hasNextPage || page.endCursor === null) return;
      after = page.endCursor;
    }
  }

  private async batch(job: JobRecord, request: Record<string, unknown>, header: ReportHeader): Promise<ReportDocument> {
    const question = this.flowSetQuestion(request);
    const snapshot = await this.snapshot(question.snapshotId ?? null, 'snapshotId');
    const result = asObject(job.result) ?? {};
    const expectations = asObject(result['expectations']) ?? {};
    const byDisposition: Record<string, number> = {};
    for (const [key, value] of Object.entries(asObject(result['byDisposition']) ?? {})) {
      const count = asNumber(value);
      if (count !== undefined) byDisposition[key] = count;
    }
    const summary = {
      total: asNumber(result['total']) ?? job.progressTotal,
      byDisposition,
      expectations: {
        passed: asNumber(expectations['passed']) ?? job.expectPassed,
        failed: asNumber(expectations['failed']) ?? job.expectFailed,
        unchecked: asNumber(expectations['unchecked']) ?? job.expectNone,
      },
    };
    const listed: { flow: FlowResultRecord; trace: Trace | null }[] = [];
    let omitted = 0;
    await this.eachFlow(job, summary.expectations.failed > 0, (flow) => {
      if (!noteworthyFlow(flow)) return true;
      if (listed.length >= MAX_REPORT_FLOWS) omitted += 1;
      else listed.push({ flow, trace: this.keptTrace(flow.trace) });
      return true;
    });
    return batchReport({ ...header, question, snapshot, summary, flows: listed, flowsOmitted: omitted });
  }

  /** The trace a batch kept for a flow; null when it kept none (or kept something that is not one). */
  private keptTrace(value: unknown): Trace | null {
    if (value === null || value === undefined) return null;
    try {
      return parseTrace(value, '$.trace');
    } catch {
      return null;
    }
  }

  private async diff(job: JobRecord, request: Record<string, unknown>, header: ReportHeader): Promise<ReportDocument> {
    const question = this.flowSetQuestion(request);
    const base = await this.snapshot(question.baseSnapshotId ?? null, 'baseSnapshotId');
    const target = await this.snapshot(question.targetSnapshotId ?? null, 'targetSnapshotId');
    const wanted = new Set(listedChangedFlows(job.result));
    const requests = new Map<number, ReportFlow>();
    if (wanted.size > 0) {
      await this.eachFlow(job, false, (flow) => {
        if (wanted.has(flow.index)) requests.set(flow.index, storedFlow(flow.request));
        return requests.size < wanted.size;
      });
    }
    return diffReport({ ...header, question, base, target, result: job.result, requests });
  }
}
