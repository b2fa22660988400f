import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BatchFlowDto, JobDto } from '@hookpath/contracts';
import { simulate } from '@hookpath/engine';
import {
  ApiClient,
  EXAMPLES_DIR,
  exampleModel,
  readFolder,
  REDIS_URL,
  startTestApp,
  submitJob,
  uploadExample,
  waitForJob,
  WorkerProcess,
  type TestApp,
} from '../support';

/**
 * Seed 004 without a pinned backend: the IPVS service 10.12.115.101:80 is rr with its position
 * unknown, so the trace has a branch per real server (1/3 each). The VPC router has a neighbour
 * only for 10.253.4.194; that branch is delivered and, with a round trip, its answer is dropped by
 * strict rp_filter on the node (it comes back on eth0 while the route to the server is via eth1).
 */
const SEED004 = '004-eni-ipvs-rp-filter';
const FLOW = { from: 'pod-10-12-192-44', src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', dport: 80, roundTrip: true } as const;
const NODE = 'node-10-12-97-49';
const SERVERS = ['10.253.1.139:8000', '10.253.3.5:8000', '10.253.4.194:8000'];
const DELIVERED_BRANCH = `branch 3 (33.3%): ${NODE} ipvs 10.253.4.194:8000 — DELIVERED, reply DROPPED (RP_FILTER)`;

interface GraphqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface TraceBranchNode {
  probability: number;
  choices: { host: string; kind: string; rule: string | null; chosen: string; among: string[] }[];
  disposition: string;
  dropReason: string | null;
  end: { host: string } | null;
  steps: { kind: string }[];
  reply: { disposition: string; dropReason: string | null } | null;
}

describe('branches through the real service and worker (REST, GraphQL, batch, diff, JUnit)', () => {
  let t: TestApp;
  let api: ApiClient;
  let worker: WorkerProcess;
  let seed: string;

  const gql = async <T>(query: string, variables: Record<string, unknown>, token: string = t.readToken): Promise<GraphqlResult<T>> => {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphqlResult<T>;
  };

  const completed = async (path: string, body: unknown): Promise<{ location: string; job: JobDto }> => {
    const { location } = await submitJob(api, path, body);
    const job = await waitForJob(api, location);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    return { location, job };
  };

  before(async () => {
    t = await startTestApp();
    api = new ApiClient(t.baseUrl, t.writeToken);
    seed = await uploadExample(api, SEED004);
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'w-branches' });
    await worker.ready();
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('REST: the trace job result lists every real server as a branch, as the engine does in-process; DROPPED fails on the delivered one', async () => {
    const { job } = await completed('/api/v1/traces', { snapshotId: seed, ...FLOW, expect: 'DROPPED' });
    const { from, roundTrip, ...packet } = FLOW;
    const expected = simulate(await exampleModel(SEED004), { from, packet }, { roundTrip });
    assert.deepEqual(job.result, JSON.parse(JSON.stringify(expected)));
    const result = job.result as {
      branches: {
        probability: number;
        choices: { chosen: string }[];
        disposition: string;
        dropReason: string | null;
        reply?: { dropReason: string | null };
      }[];
      branchesOmitted: number;
    };
    assert.deepEqual(
      result.branches.map((b) => [b.choices.map((c) => c.chosen), b.disposition, b.dropReason, b.reply?.dropReason ?? null]),
      [
        [[SERVERS[0]], 'DROPPED', 'NO_NEIGHBOR', null],
        [[SERVERS[1]], 'DROPPED', 'NO_NEIGHBOR', null],
        [[SERVERS[2]], 'DELIVERED', null, 'RP_FILTER'],
      ],
    );
    assert.equal(result.branchesOmitted, 0);
    // every branch must be DROPPED (the default): the delivered one fails the job's expectation
    assert.deepEqual(job.expectations, { passed: 0, failed: 1, unchecked: 0 });
    const junit = await api.get(`/api/v1/traces/${job.id}?format=junit`);
    assert.match(
      junit.text,
      new RegExp(`<failure message="expected DROPPED on every branch, 1 of 3 did not: ${escape(DELIVERED_BRANCH)}"`),
    );
  });

  it('GraphQL: job.trace exposes the branches with their choices, outcomes, steps and replies', async () => {
    const { job } = await completed('/api/v1/traces', { snapshotId: seed, ...FLOW, tcpFlags: ['SYN'] });
    const res = await gql<{
      job: { trace: { packet: Record<string, unknown>; disposition: string; branchesOmitted: number; branches: TraceBranchNode[] } };
    }>(
      `query($id: ID!) { job(id: $id) { trace {
        packet { src dst proto sport dport tcpFlags icmpType } disposition branchesOmitted
        branches { probability choices { host kind rule chosen among } disposition dropReason end { host } steps { kind } reply { disposition dropReason } }
      } } }`,
      { id: job.id },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const trace = res.data?.job.trace;
    assert.ok(trace);
    assert.deepEqual(trace.packet, {
      src: FLOW.src,
      dst: FLOW.dst,
      proto: 'tcp',
      sport: (job.result as { packet: { sport: number } }).packet.sport,
      dport: 80,
      tcpFlags: ['SYN'],
      icmpType: null,
    });
    assert.equal(trace.branchesOmitted, 0);
    assert.equal(trace.branches.length, 3);
    trace.branches.forEach((b, i) => {
      assert.ok(Math.abs(b.probability - 1 / 3) < 1e-9, `branch ${i + 1}: ${b.probability}`);
      assert.deepEqual(
        b.choices.map((c) => [c.host, c.kind, c.chosen, c.among]),
        [[NODE, 'ipvs', SERVERS[i], SERVERS]],
      );
      assert.match(b.choices[0]?.rule ?? '', /10\.12\.115\.101:80/);
      assert.ok(b.steps.some((s) => s.kind === 'ipvs'));
    });
    assert.deepEqual(
      trace.branches.map((b) => [b.disposition, b.dropReason, b.end?.host, b.reply]),
      [
        ['DROPPED', 'NO_NEIGHBOR', 'vpc-router', null],
        ['DROPPED', 'NO_NEIGHBOR', 'vpc-router', null],
        ['DELIVERED', null, 'backend-10-253-4-194', { disposition: 'DROPPED', dropReason: 'RP_FILTER' }],
      ],
    );
  });

  it('a batch: all (default) and any read the branches; the failing ones are listed per flow and named in JUnit', async () => {
    const flows = [
      { ...FLOW, label: 'dropped on every path', expect: 'DROPPED', branches: 'all' },
      { ...FLOW, label: 'dropped on some path', expect: 'DROPPED', branches: 'any' },
      { ...FLOW, label: 'a working connection on some path', expect: 'DELIVERED' },
    ];
    const { location, job } = await completed('/api/v1/trace-batches', { snapshotId: seed, flows, branches: 'any' });
    assert.deepEqual(job.expectations, { passed: 1, failed: 2, unchecked: 0 });
    const page = await api.get<{ items: BatchFlowDto[] }>(`${location}/flows`);
    // the batch's `any` reaches the third flow, which says nothing; none of its paths is an established connection
    assert.deepEqual(
      page.body.items.map((f) => [f.label, (f.request as { branches?: string }).branches, f.passed, f.failedBranches]),
      [
        ['dropped on every path', 'all', false, [3]],
        ['dropped on some path', 'any', true, [3]],
        ['a working connection on some path', 'any', false, [1, 2, 3]],
      ],
    );
    const outcome = page.body.items[0]?.outcome as {
      branches: { branch: number; choices: string; probability: number }[];
      failedBranches: number[];
    };
    assert.deepEqual(
      outcome.branches.map((b) => [b.branch, b.choices]),
      SERVERS.map((s, i) => [i + 1, `${NODE} ipvs ${s}`]),
    );
    const junit = await api.get(`${location}?format=junit`);
    assert.match(
      junit.text,
      new RegExp(`<failure message="expected DROPPED on every branch, 1 of 3 did not: ${escape(DELIVERED_BRANCH)}"`),
    );
    assert.match(junit.text, /<failure message="expected DELIVERED on at least one of 3 branches, none did: branch 1 \(33\.3%\)/);
    const gqlFlows = await gql<{ job: { flows: { edges: { node: { index: number; failedBranches: number[] } }[] } } }>(
      'query($id: ID!) { job(id: $id) { flows(first: 10) { edges { node { index failedBranches } } } } }',
      { id: job.id },
    );
    assert.deepEqual(
      gqlFlows.data?.job.flows.edges.map((e) => e.node),
      [
        { index: 0, failedBranches: [3] },
        { index: 1, failedBranches: [3] },
        { index: 2, failedBranches: [1, 2, 3] },
      ],
    );
  });

  it('ttl and a chain to choose reach the engine: TTL 2 runs out at the VPC router (the second hop that forwards)', async () => {
    const { job } = await completed('/api/v1/traces', { snapshotId: seed, ...FLOW, backend: SERVERS[2], ttl: 2 });
    const result = job.result as { disposition: string; dropReason: string | null; end: { host: string } };
    assert.deepEqual([result.disposition, result.dropReason, result.end.host], ['DROPPED', 'TTL_EXCEEDED', 'vpc-router']);
    const res = await gql<{ submitTrace: { id: string } }>(
      'mutation($input: TraceInput!) { submitTrace(input: $input) { id } }',
      {
        input: {
          snapshotId: seed,
          from: FLOW.from,
          src: FLOW.src,
          dst: FLOW.dst,
          proto: 'TCP',
          dport: 80,
          choose: 'KUBE-SEP-ABCDEF',
          ttl: 300,
        },
      },
      t.writeToken,
    );
    assert.match(JSON.stringify(res.errors), /ttl/, 'a TTL past 255 is refused, naming the field');
    const chain = await gql<{ submitTrace: { id: string } }>(
      'mutation($input: TraceInput!) { submitTrace(input: $input) { id } }',
      {
        input: { snapshotId: seed, from: FLOW.from, src: FLOW.src, dst: FLOW.dst, proto: 'TCP', dport: 80, choose: 'KUBE-SEP-ABCDEF' },
      },
      t.writeToken,
    );
    assert.equal(chain.errors, undefined, `a chain name is a valid choose: ${JSON.stringify(chain.errors)}`);
  });

  it('branches other than all or any are refused, naming the field', async () => {
    const res = await api.postJson<{ error: { code: string; message: string } }>('/api/v1/trace-batches', {
      snapshotId: seed,
      flows: [{ ...FLOW, expect: 'DROPPED', branches: 'most' }],
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /flows\.0\.branches/);
  });

  it('a diff against the seed without 10.253.1.139 and with loose rp_filter compares the branch sets', async () => {
    const files = await readFolder(join(EXAMPLES_DIR, SEED004));
    const ipvs = `hosts/${NODE}/ipvsadm.txt`;
    const sysctl = `hosts/${NODE}/sysctl.txt`;
    const changed = {
      ...files,
      [ipvs]: (files[ipvs] ?? '').replace(/^ {2}-> 10\.253\.1\.139:8000 .*\n/m, ''),
      [sysctl]: (files[sysctl] ?? '').replace('net.ipv4.conf.all.rp_filter = 1', 'net.ipv4.conf.all.rp_filter = 2'),
    };
    assert.notEqual(changed[ipvs], files[ipvs]);
    const upload = await api.postJson<{ id: string }>('/api/v1/snapshots', { name: 'seed 004, one server less', files: changed });
    assert.equal(upload.status, 201, upload.text);
    const { location, job } = await completed('/api/v1/diffs', {
      baseSnapshotId: seed,
      targetSnapshotId: upload.body.id,
      flows: [{ ...FLOW, label: 'pod -> lb', expect: 'same-as-base' }],
    });
    assert.deepEqual(job.expectations, { passed: 0, failed: 1, unchecked: 0 });
    const page = await api.get<{ items: BatchFlowDto[] }>(`${location}/flows`);
    const stored = page.body.items[0]?.outcome as {
      changes: string[];
      base: { branches: unknown[] };
      target: { branches: { choices: string; probability: number; reply?: { disposition: string } }[] };
    };
    assert.ok(stored.changes.includes('branches'), JSON.stringify(stored.changes));
    assert.equal(stored.base.branches.length, 3);
    assert.deepEqual(
      stored.target.branches.map((b) => [b.choices, b.probability, b.reply?.disposition ?? null]),
      [
        [`${NODE} ipvs ${SERVERS[1]}`, 0.5, null],
        [`${NODE} ipvs ${SERVERS[2]}`, 0.5, 'DELIVERED'],
      ],
    );
    const junit = await api.get(`${location}?format=junit`);
    assert.match(
      junit.text,
      new RegExp(`branch ${NODE} ipvs 10\\.253\\.1\\.139:8000 \\(gone\\): 33\\.3% DROPPED \\(NO_NEIGHBOR\\) → none`),
    );
    assert.match(
      junit.text,
      new RegExp(
        `branch ${NODE} ipvs 10\\.253\\.4\\.194:8000 \\(changed\\): 33\\.3% DELIVERED, reply DROPPED \\(RP_FILTER\\) → 50\\.0% DELIVERED`,
      ),
    );
  });
});

/** A literal for a RegExp, as XML attributes carry it. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
