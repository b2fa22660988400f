import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { printGraphqlSchema } from '@hookpath/api';
import { SnapshotModelCache, SnapshotRepository } from '@hookpath/data-access';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ApiClient, EXAMPLES_DIR, readFolder, ROOT, startTestApp, type TestApp } from '../support';

interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

interface GraphqlResult<T> {
  status: number;
  data: T | null;
  errors: GraphqlError[];
}

const GATEWAY = 'vpc-nat-gw-eip-p7cs4r5y-0';
const IPVS_NODE = 'node-10-12-97-49';

/** A third, small snapshot so that pages and batches span three snapshots. */
const FILTER_HOST_FILES: Record<string, string> = {
  'snapshot.yaml': 'name: filter-only\ncluster: e2e\n',
  'hosts/fw/iptables-save.txt': [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n'),
};

type Counted = 'list' | 'get' | 'loadFiles' | 'getFile' | 'hostsBySnapshotIds';
const COUNTED: readonly Counted[] = ['list', 'get', 'loadFiles', 'getFile', 'hostsBySnapshotIds'];

/** Wraps the app's SnapshotRepository so a test can count the calls one request makes. */
function countCalls(repository: SnapshotRepository): { calls: Record<Counted, number>; reset(): void } {
  const calls = Object.fromEntries(COUNTED.map((m) => [m, 0])) as Record<Counted, number>;
  for (const method of COUNTED) {
    const original = repository[method].bind(repository) as (...args: unknown[]) => unknown;
    (repository as unknown as Record<Counted, (...args: unknown[]) => unknown>)[method] = (...args: unknown[]) => {
      calls[method] += 1;
      return original(...args);
    };
  }
  return {
    calls,
    reset: () => {
      for (const method of COUNTED) calls[method] = 0;
    },
  };
}

describe('GraphQL API (Postgres, real app)', () => {
  let t: TestApp;
  let counter: ReturnType<typeof countCalls>;
  const ids: Record<'seed000' | 'seed004' | 'filter', string> = { seed000: '', seed004: '', filter: '' };

  async function gql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | undefined = t.readToken,
  ): Promise<GraphqlResult<T>> {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
  }

  async function upload(name: string, files: Record<string, string>): Promise<string> {
    const api = new ApiClient(t.baseUrl, t.writeToken);
    const result = await api.postJson<{ id: string }>('/api/v1/snapshots', { name, files });
    assert.equal(result.status, 201, result.text);
    return result.body.id;
  }

  before(async () => {
    t = await startTestApp();
    counter = countCalls(t.app.get(SnapshotRepository));
    // Uploaded one after the other: the list is ordered by upload time.
    ids.seed000 = await upload('000-vpc-nat-gw-eip', await readFolder(join(EXAMPLES_DIR, '000-vpc-nat-gw-eip')));
    ids.seed004 = await upload('004-eni-ipvs-rp-filter', await readFolder(join(EXAMPLES_DIR, '004-eni-ipvs-rp-filter')));
    ids.filter = await upload('filter-only', FILTER_HOST_FILES);
  });

  after(async () => t?.close());

  it('refuses an operation without a valid token', async () => {
    const query = '{ snapshots { edges { node { id } } } }';
    /** The refusal comes before Apollo (HTTP 401, `{error}`) or from the resolver guard (`errors[].extensions`). */
    const refusal = async (token: string | undefined): Promise<{ status: number; code: unknown; data: unknown }> => {
      const response = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { error?: { code?: string }; errors?: GraphqlError[]; data?: unknown };
      return { status: response.status, code: body.error?.code ?? body.errors?.[0]?.extensions?.['code'], data: body.data ?? null };
    };
    for (const token of [undefined, 'hp_not-a-real-token']) {
      const refused = await refusal(token);
      assert.equal(refused.code, 'UNAUTHENTICATED', `token ${String(token)}`);
      assert.equal(refused.data, null);
      assert.equal(refused.status, 401);
    }
    const introspection = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    assert.equal(introspection.status, 401);
    const allowed = await gql<{ snapshots: { edges: unknown[] } }>(query);
    assert.deepEqual(allowed.errors, []);
    assert.equal(allowed.data?.snapshots.edges.length, 3);
  });

  it('serves the schema committed in apps/api/schema.graphql', async () => {
    const served = await printGraphqlSchema(t.app.get(GraphQLSchemaHost).schema);
    assert.equal(served, readFileSync(join(ROOT, 'apps', 'api', 'schema.graphql'), 'utf8'));
  });

  it("lists exactly seed 000's DNAT and SNAT rules in its NAT table", async () => {
    const result = await gql<{ snapshot: { natTable: { rules: unknown[]; ipvs: unknown[] } } }>(
      'query($id: ID!) { snapshot(id: $id) { natTable { rules { host kind table chain position rule match translation targetOptions } ipvs { host } } } }',
      { id: ids.seed000 },
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.data?.snapshot.natTable, {
      rules: [
        {
          host: GATEWAY,
          kind: 'DNAT',
          table: 'nat',
          chain: 'EXCLUSIVE_DNAT',
          position: 1,
          rule: '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4',
          match: '-d 192.169.100.2/32',
          translation: 'destination 13.13.0.4',
          targetOptions: '--to-destination 13.13.0.4',
        },
        {
          host: GATEWAY,
          kind: 'SNAT',
          table: 'nat',
          chain: 'EXCLUSIVE_SNAT',
          position: 1,
          rule: '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2',
          match: '-s 13.13.0.4/32',
          translation: 'source 192.169.100.2',
          targetOptions: '--to-source 192.169.100.2',
        },
      ],
      ipvs: [],
    });
  });

  it("lists seed 004's IPVS service with its three Masq real servers and the KUBE-POSTROUTING MASQUERADE", async () => {
    interface Ipvs {
      host: string;
      protocol: string;
      address: string | null;
      port: number | null;
      scheduler: string;
      realServers: { address: string; port: number; forward: string; weight: number }[];
    }
    const result = await gql<{
      snapshot: { natTable: { rules: { host: string; kind: string; table: string; chain: string; match: string }[]; ipvs: Ipvs[] } };
    }>(
      `query($id: ID!) { snapshot(id: $id) { natTable {
        rules { host kind table chain match }
        ipvs { host protocol address port scheduler realServers { address port forward weight } }
      } } }`,
      { id: ids.seed004 },
    );
    assert.deepEqual(result.errors, []);
    const table = result.data?.snapshot.natTable;
    const service = table?.ipvs.find((s) => s.address === '10.12.115.101' && s.port === 80);
    assert.ok(service, `no IPVS service 10.12.115.101:80 in ${JSON.stringify(table?.ipvs)}`);
    assert.equal(service.host, IPVS_NODE);
    assert.equal(service.protocol, 'tcp');
    assert.equal(service.scheduler, 'rr');
    assert.deepEqual(service.realServers, [
      { address: '10.253.1.139', port: 8000, forward: 'MASQ', weight: 1 },
      { address: '10.253.3.5', port: 8000, forward: 'MASQ', weight: 1 },
      { address: '10.253.4.194', port: 8000, forward: 'MASQ', weight: 1 },
    ]);
    const masquerade = table?.rules.filter((r) => r.kind === 'MASQUERADE' && r.chain === 'KUBE-POSTROUTING') ?? [];
    assert.equal(masquerade.length, 1, JSON.stringify(table?.rules));
    assert.deepEqual(masquerade[0], {
      host: IPVS_NODE,
      kind: 'MASQUERADE',
      table: 'nat',
      chain: 'KUBE-POSTROUTING',
      match: '-m comment --comment "kubernetes service traffic requiring SNAT"',
    });
  });

  it("gives seed 000's gateway hook paths in priority order", async () => {
    interface Entry {
      kind: string;
      priority: number;
      table: string | null;
      chain: string | null;
    }
    const result = await gql<{
      snapshot: {
        hookPaths: { host: string; hook: string; entries: Entry[] }[];
        host: { hookPaths: { hook: string; entries: Entry[] }[] };
      };
    }>(
      `query($id: ID!, $host: String!) { snapshot(id: $id) {
        hookPaths(host: $host) { host hook entries { kind priority table chain } }
        host(name: $host) { hookPaths { hook entries { kind priority table chain } } }
      } }`,
      { id: ids.seed000, host: GATEWAY },
    );
    assert.deepEqual(result.errors, []);
    const paths = result.data?.snapshot.hookPaths ?? [];
    assert.deepEqual(
      paths.map((p) => p.hook),
      ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
    );
    assert.ok(paths.every((p) => p.host === GATEWAY));
    const hook = (name: string) => paths.find((p) => p.hook === name)?.entries ?? [];
    assert.deepEqual(hook('PREROUTING'), [
      { kind: 'CONNTRACK', priority: -200, table: null, chain: null },
      { kind: 'TABLE', priority: -100, table: 'nat', chain: 'PREROUTING' },
    ]);
    assert.deepEqual(hook('POSTROUTING'), [
      { kind: 'TABLE', priority: 100, table: 'nat', chain: 'POSTROUTING' },
      { kind: 'CONNTRACK_CONFIRM', priority: 2147483647, table: null, chain: null },
    ]);
    for (const path of paths) {
      const priorities = path.entries.map((e) => e.priority);
      assert.deepEqual(
        priorities,
        [...priorities].sort((a, b) => a - b),
        `${path.hook} is not in ascending priority order`,
      );
    }
    assert.deepEqual(
      result.data?.snapshot.host.hookPaths,
      paths.map(({ hook: h, entries }) => ({ hook: h, entries })),
    );
  });

  it('pages snapshots with cursors, newest first', async () => {
    interface Page {
      snapshots: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    }
    const query =
      'query($first: Int, $after: String) { snapshots(first: $first, after: $after) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }';
    const first = await gql<Page>(query, { first: 2 });
    assert.deepEqual(first.errors, []);
    const page1 = first.data?.snapshots;
    assert.deepEqual(
      page1?.edges.map((e) => e.node.id),
      [ids.filter, ids.seed004],
    );
    assert.equal(page1?.pageInfo.hasNextPage, true);
    assert.equal(page1?.edges[1]?.cursor, page1?.pageInfo.endCursor);
    const second = await gql<Page>(query, { first: 2, after: page1?.pageInfo.endCursor });
    assert.deepEqual(
      second.data?.snapshots.edges.map((e) => e.node.id),
      [ids.seed000],
    );
    assert.equal(second.data?.snapshots.pageInfo.hasNextPage, false);
    const fromFirstEdge = await gql<Page>(query, { first: 5, after: page1?.edges[0]?.cursor });
    assert.deepEqual(
      fromFirstEdge.data?.snapshots.edges.map((e) => e.node.id),
      [ids.seed004, ids.seed000],
    );
    const capped = await gql<Page>(query, { first: 1000 });
    assert.equal(capped.data?.snapshots.edges.length, 3);
    const bad = await gql<Page>(query, { after: 'not-a-cursor' });
    assert.equal(bad.errors[0]?.extensions?.['code'], 'INVALID_CURSOR');
  });

  it('pages the rules of a chain with cursors', async () => {
    interface Chain {
      name: string;
      ruleCount: number;
      rules: {
        edges: { cursor: string; node: { position: number; text: string } }[];
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      };
    }
    type Data = { snapshot: { host: { iptables: { tables: { name: string; chains: Chain[] }[] } } } };
    const query = `query($id: ID!, $host: String!, $first: Int, $after: String) { snapshot(id: $id) { host(name: $host) { iptables { tables { name chains {
      name ruleCount rules(first: $first, after: $after) { edges { cursor node { position text } } pageInfo { endCursor hasNextPage } }
    } } } } } }`;
    const all = await gql<Data>(query, { id: ids.seed004, host: IPVS_NODE, first: 100 });
    assert.deepEqual(all.errors, []);
    const chains = all.data?.snapshot.host.iptables.tables.flatMap((t) => t.chains.map((c) => ({ table: t.name, chain: c }))) ?? [];
    for (const { chain } of chains) assert.equal(chain.rules.edges.length, chain.ruleCount, chain.name);
    const longest = chains.reduce((a, b) => (b.chain.ruleCount > a.chain.ruleCount ? b : a));
    assert.ok(longest.chain.ruleCount >= 3, `the longest chain has ${longest.chain.ruleCount} rules`);

    const positions: number[] = [];
    const texts: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: GraphqlResult<Data> = await gql<Data>(query, { id: ids.seed004, host: IPVS_NODE, first: 2, after });
      assert.deepEqual(page.errors, []);
      const chain = page.data?.snapshot.host.iptables.tables
        .find((t) => t.name === longest.table)
        ?.chains.find((c) => c.name === longest.chain.name);
      assert.ok(chain);
      assert.ok(chain.rules.edges.length <= 2);
      positions.push(...chain.rules.edges.map((e) => e.node.position));
      texts.push(...chain.rules.edges.map((e) => e.node.text));
      if (chain.rules.edges.length > 0)
        assert.equal(chain.rules.edges[chain.rules.edges.length - 1]?.cursor, chain.rules.pageInfo.endCursor);
      after = chain.rules.pageInfo.hasNextPage ? chain.rules.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null);
    assert.deepEqual(
      positions,
      Array.from({ length: longest.chain.ruleCount }, (_, i) => i + 1),
    );
    assert.deepEqual(
      texts,
      longest.chain.rules.edges.map((e) => e.node.text),
    );
    assert.equal(pages, Math.ceil(longest.chain.ruleCount / 2));
  });

  it('rejects a query over the cost limit before touching the database', async () => {
    counter.reset();
    const result = await gql<unknown>(
      '{ snapshots(first: 100) { edges { node { hosts { iptables { tables { chains { rules(first: 500) { edges { node { text } } } } } } } } } } }',
    );
    assert.equal(result.status, 400);
    assert.equal(result.data, null);
    assert.equal(result.errors[0]?.extensions?.['code'], 'QUERY_TOO_COMPLEX');
    assert.match(result.errors[0]?.message ?? '', /^query cost \d+ exceeds the limit 10000/);
    assert.ok(Number(result.errors[0]?.extensions?.['cost']) > 10_000);
    assert.deepEqual(
      Object.values(counter.calls),
      COUNTED.map(() => 0),
    );
  });

  it('loads the hosts of three snapshots with one repository call, their chains and rules with one read of each snapshot', async () => {
    t.app.get(SnapshotModelCache).clear();
    counter.reset();
    type Data = {
      snapshots: {
        edges: {
          node: { hosts: { name: string; iptables: { tables: { chains: { name: string; rules: { edges: unknown[] } }[] }[] } | null }[] };
        }[];
      };
    };
    const result = await gql<Data>(
      '{ snapshots(first: 3) { edges { node { name hosts { name iptables { tables { name chains { name rules(first: 3) { edges { node { position text } } } } } } } } } } }',
    );
    assert.deepEqual(result.errors, []);
    const snapshots = result.data?.snapshots.edges ?? [];
    const hosts = snapshots.flatMap((e) => e.node.hosts);
    const chains = hosts.flatMap((h) => h.iptables?.tables.flatMap((tb) => tb.chains) ?? []);
    assert.equal(snapshots.length, 3);
    assert.ok(hosts.length >= 5, `${hosts.length} hosts`);
    assert.ok(chains.length >= 10, `${chains.length} chains`);
    assert.deepEqual(counter.calls, {
      list: 1,
      get: 0,
      loadFiles: 3,
      getFile: 0,
      hostsBySnapshotIds: 1,
    });
  });

  it('reads each snapshot model once for the hook path and NAT views', async () => {
    t.app.get(SnapshotModelCache).clear();
    counter.reset();
    const query = `{ snapshots(first: 3) { edges { node {
      natTable { rules { kind } ipvs { address } }
      hookPaths { host hook }
      hosts { hookPaths { hook } iptables { tables { chains { ruleCount } } } }
    } } } }`;
    for (let i = 0; i < 3; i += 1) assert.deepEqual((await gql<unknown>(query)).errors, []);
    assert.equal(counter.calls.loadFiles, 3);
    assert.equal(counter.calls.hostsBySnapshotIds, 3);
  });

  it('serves host details: interfaces, routes by table, sysctls by prefix, ipsets, conntrack', async () => {
    type Data = {
      gw: {
        host: {
          interfaces: { name: string; addresses: { address: string; prefixLen: number; secondary: boolean }[] }[];
          conntrack: { protocol: string; unreplied: boolean }[];
          conntrackCount: number;
        };
      };
      node: {
        host: {
          routes: { dst: string; gateway: string | null; dev: string | null; table: string }[];
          sysctls: { key: string; value: string }[];
          ipsets: { name: string; type: string; memberCount: number }[];
        };
      };
    };
    const result = await gql<Data>(
      `query($a: ID!, $b: ID!, $gw: String!, $node: String!) {
        gw: snapshot(id: $a) { host(name: $gw) { interfaces { name addresses { address prefixLen secondary } } conntrack(first: 1) { protocol unreplied } conntrackCount } }
        node: snapshot(id: $b) { host(name: $node) { routes(table: "1003") { dst gateway dev table } sysctls(prefix: "net.ipv4.conf.all.") { key value } ipsets { name type memberCount } } }
      }`,
      { a: ids.seed000, b: ids.seed004, gw: GATEWAY, node: IPVS_NODE },
    );
    assert.deepEqual(result.errors, []);
    const net1 = result.data?.gw.host.interfaces.find((i) => i.name === 'net1');
    assert.deepEqual(
      net1?.addresses.filter((a) => a.address.startsWith('192.169.')),
      [
        { address: '192.169.100.3', prefixLen: 24, secondary: false },
        { address: '192.169.100.2', prefixLen: 24, secondary: true },
      ],
    );
    assert.equal(result.data?.gw.host.conntrack.length, 1);
    assert.deepEqual(result.data?.gw.host.conntrack[0], { protocol: 'icmp', unreplied: true });
    const routes = result.data?.node.host.routes ?? [];
    assert.ok(routes.length > 0 && routes.every((r) => r.table === '1003'));
    assert.ok(routes.some((r) => r.dst === 'default' && r.gateway === '10.12.192.1' && r.dev === 'eth1'));
    const sysctls = result.data?.node.host.sysctls ?? [];
    assert.ok(sysctls.length > 0 && sysctls.every((s) => s.key.startsWith('net.ipv4.conf.all.')));
    assert.deepEqual(
      sysctls.find((s) => s.key === 'net.ipv4.conf.all.rp_filter'),
      { key: 'net.ipv4.conf.all.rp_filter', value: '1' },
    );
    assert.ok(result.data?.node.host.ipsets.some((s) => s.name === 'KUBE-CLUSTER-IP' && s.type === 'hash:ip,port'));
  });
});
