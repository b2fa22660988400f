import { join } from 'node:path';
import { hookPaths, simulate, type PacketSpec, type Trace } from '@hookpath/engine';
import type { SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import type { ReportDocument, ReportHookPath, TraceQuestion } from '../report-document';
import { snapshotSummary } from '../snapshot-summary';
import { traceReport } from '../trace-report';

/** The repository's examples/ folder, from libs/report/dist/testing. */
export const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

/** Test support: an example snapshot read and parsed as `hookpath trace` reads it. */
export async function loadExample(name: string): Promise<SnapshotModel> {
  const { model, errors } = parseSnapshot(await readSnapshotPath(join(EXAMPLES, name)));
  if (errors.length > 0) throw new Error(`${name} does not parse: ${JSON.stringify(errors.slice(0, 3))}`);
  return model;
}

/** Test support: the trace `hookpath trace` computes for the question. */
export function traceOf(model: SnapshotModel, q: Omit<TraceQuestion, 'snapshotId'>): Trace {
  const packet: PacketSpec = { src: q.src, dst: q.dst, proto: q.proto };
  if (q.sport !== undefined) packet.sport = q.sport;
  if (q.dport !== undefined) packet.dport = q.dport;
  if (q.icmpId !== undefined) packet.icmpId = q.icmpId;
  if (q.mark !== undefined) packet.mark = q.mark;
  return simulate(
    model,
    { from: q.from, packet },
    {
      roundTrip: q.roundTrip === true,
      ...(q.backend === undefined ? {} : { backend: q.backend }),
      ...(q.choose === undefined ? {} : { choose: q.choose }),
    },
  );
}

/** Test support: the hook paths of every host, as the GraphQL `hookPaths` field gives them. */
export function allHookPaths(model: SnapshotModel): ReportHookPath[] {
  return model.hosts.flatMap((host) => hookPaths(host));
}

export const REPORT_TIMES = { createdAt: '2026-12-07T10:00:00.000Z', expiresAt: '2027-01-06T10:00:00.000Z' } as const;

/** Test support: the report of one example flow, as the API makes it. */
export async function exampleReport(example: string, q: Omit<TraceQuestion, 'snapshotId'>, title?: string): Promise<ReportDocument> {
  const model = await loadExample(example);
  const snapshotId = `00000000-0000-4000-8000-${example.slice(0, 3).padStart(12, '0')}`;
  const question: TraceQuestion = { snapshotId, ...q };
  return traceReport({
    id: `report-${example}`,
    ...(title === undefined ? {} : { title }),
    ...REPORT_TIMES,
    question,
    snapshot: snapshotSummary(model, { id: snapshotId, name: example }),
    trace: traceOf(model, q),
    hookPaths: allHookPaths(model),
  });
}

/** The incident flow of each example group, as the examples' README gives it. */
export const EXAMPLE_FLOWS = {
  '000': {
    example: '000-vpc-nat-gw-eip',
    question: { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 27281, roundTrip: true },
  },
  '001': {
    example: '001-kube-ovn-default-vpc',
    question: { from: 'ovn:web-0.default', src: '10.16.0.5', dst: '1.1.1.1', proto: 'tcp', sport: 40000, dport: 443 },
  },
  '002': {
    example: '002-ovn-fip-snat-dnat',
    question: { from: 'ovn:ln-external', src: '172.19.0.1', dst: '172.19.0.10', proto: 'tcp', sport: 40000, dport: 8080 },
  },
  '003': {
    example: '003-br-netfilter',
    question: { from: 'pod-a', src: '10.244.0.2', dst: '10.96.0.10', proto: 'tcp', sport: 40000, dport: 80, roundTrip: true },
  },
  '004': {
    example: '004-eni-ipvs-rp-filter',
    question: {
      from: 'pod-10-12-192-44',
      src: '10.12.192.44',
      dst: '10.12.115.101',
      proto: 'tcp',
      sport: 44624,
      dport: 80,
      backend: '10.253.4.194:8000',
      roundTrip: true,
    },
  },
} as const satisfies Record<string, { example: string; question: Omit<TraceQuestion, 'snapshotId'> }>;
