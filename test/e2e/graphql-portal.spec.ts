import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiErrorBody } from '@hookpath/contracts';
import { ApiClient, EXAMPLES_DIR, packFolder, readFolder, startTestApp, tarGzOf, type TestApp } from '../support';

/** What the portal needs from GraphQL: upload, delete, search, and the snapshot list and host pages. */

const MiB = 1024 * 1024;
/** Small enough to test the GraphQL body limit without sending tens of MiB; the examples fit. */
const MAX_UPLOAD = MiB;

interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

interface GraphqlResult<T> {
  status: number;
  data: T | null;
  errors: GraphqlError[];
}

interface SnapshotSummary {
  id: string;
  name: string;
  cluster: string | null;
  hostCount: number;
  fileCount: number;
  captured: { ovn: boolean; k8s: boolean };
}

const SUMMARY = 'id name cluster hostCount fileCount captured { ovn k8s }';
const UPLOAD = `mutation($name: String, $files: [SnapshotFileInput!], $archive: String) {
  uploadSnapshot(name: $name, files: $files, archiveBase64: $archive) { ${SUMMARY} }
}`;
const NODE = 'node-10-12-97-49';
const BAD_RULE = '-A INPUT --bogus x -j ACCEPT';
const BAD_IPTABLES = `*filter\n:INPUT ACCEPT [0:0]\n${BAD_RULE}\nCOMMIT\n`;

/** A folder as a browser gives it when dragged in: every path under the folder's own name. */
function dragged(folder: string, files: Record<string, string>): { path: string; content: string }[] {
  return Object.entries(files).map(([path, content]) => ({ path: `${folder}/${path}`, content }));
}

function small(name: string, extra = ''): Record<string, string> {
  return {
    'snapshot.yaml': `name: ${name}\ncluster: portal-e2e\ndescription: ${JSON.stringify(`a small one ${extra}`)}\n`,
    'hosts/fw/iptables-save.txt': `*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n# ${name}\n`,
  };
}

describe('GraphQL for the portal (Postgres, real app)', () => {
  let t: TestApp;
  const ids: Record<'seed000' | 'seed004', string> = { seed000: '', seed004: '' };

  /** `token` null: no Authorization header. */
  async function post(
    body: string,
    token: string | null = t.writeToken,
  ): Promise<GraphqlResult<unknown> & { body: Record<string, unknown> }> {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body,
    });
    const parsed = (await response.json()) as Record<string, unknown>;
    return {
      status: response.status,
      data: parsed['data'] ?? null,
      errors: (parsed['errors'] as GraphqlError[] | undefined) ?? [],
      body: parsed,
    };
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token: string = t.readToken): Promise<GraphqlResult<T>> {
    const result = await post(JSON.stringify({ query, variables }), token);
    return { status: result.status, data: result.data as T | null, errors: result.errors };
  }

  async function upload(
    variables: Record<string, unknown>,
    token: string = t.writeToken,
  ): Promise<GraphqlResult<{ uploadSnapshot: SnapshotSummary }>> {
    return gql<{ uploadSnapshot: SnapshotSummary }>(UPLOAD, variables, token);
  }

  async function uploaded(variables: Record<string, unknown>): Promise<SnapshotSummary> {
    const result = await upload(variables);
    assert.deepEqual(result.errors, []);
    assert.ok(result.data);
    return result.data.uploadSnapshot;
  }

  async function count(): Promise<number> {
    const result = await gql<{ snapshots: { edges: unknown[] } }>('{ snapshots(first: 100) { edges { cursor } } }');
    return result.data?.snapshots.edges.length ?? -1;
  }

  const codeOf = (result: GraphqlResult<unknown>): unknown => result.errors[0]?.extensions?.['code'];

  before(async () => {
    t = await startTestApp({ limits: { maxCompressedBytes: MAX_UPLOAD } });
  });

  after(async () => t?.close());

  describe('uploadSnapshot', () => {
    it('takes a folder as `files` (dragged in a browser: under its own name) and stores what REST would', async () => {
      const files = await readFolder(join(EXAMPLES_DIR, '004-eni-ipvs-rp-filter'));
      const snapshot = await uploaded({ files: dragged('004-eni-ipvs-rp-filter', files) });
      assert.deepEqual(
        { ...snapshot, id: '' },
        {
          id: '',
          name: '004-eni-ipvs-rp-filter',
          cluster: 'eni-cni',
          hostCount: 4,
          fileCount: Object.keys(files).length,
          captured: { ovn: false, k8s: false },
        },
      );
      ids.seed004 = snapshot.id;
      const rest = await new ApiClient(t.baseUrl, t.readToken).get<{ hosts: { files: string[] }[] }>(`/api/v1/snapshots/${snapshot.id}`);
      assert.equal(rest.status, 200);
      assert.ok(
        rest.body.hosts.some((h) => h.files.includes(`hosts/${NODE}/iptables-save.txt`)),
        'the common top folder is dropped',
      );
      const again = await uploaded({ name: 'another name', files: Object.entries(files).map(([path, content]) => ({ path, content })) });
      assert.equal(again.id, snapshot.id, 'the same content is the snapshot already stored');
    });

    it('takes a .tar.gz as `archiveBase64` (bare or as a data: URL); OVN and k8s are in `captured`', async () => {
      const archive = await packFolder(join(EXAMPLES_DIR, '000-vpc-nat-gw-eip'), '000-vpc-nat-gw-eip');
      assert.ok(archive.length < MAX_UPLOAD);
      const snapshot = await uploaded({ name: 'seed 000', archive: archive.toString('base64') });
      assert.equal(snapshot.name, 'seed 000');
      assert.equal(snapshot.cluster, 'cd56');
      assert.deepEqual(snapshot.captured, { ovn: true, k8s: true });
      assert.equal(snapshot.hostCount, 3);
      ids.seed000 = snapshot.id;
      const asDataUrl = await uploaded({ archive: `data:application/gzip;base64,${archive.toString('base64')}` });
      assert.equal(asDataUrl.id, snapshot.id);
    });

    it('a file that does not parse: SNAPSHOT_UNPARSABLE with the issues exactly as REST gives them, and nothing stored', async () => {
      const files = { ...small('broken'), 'hosts/fw/iptables-save.txt': BAD_IPTABLES };
      const before = await count();
      const rest = await new ApiClient(t.baseUrl, t.writeToken).postJson<ApiErrorBody>('/api/v1/snapshots', { files });
      assert.equal(rest.status, 422);
      for (const variables of [
        { files: Object.entries(files).map(([path, content]) => ({ path, content })) },
        { archive: (await tarGzOf(Object.entries(files).map(([name, content]) => ({ name, content })))).toString('base64') },
      ]) {
        const result = await upload(variables);
        assert.equal(result.data, null);
        assert.equal(result.errors.length, 1);
        const error = result.errors[0] as GraphqlError;
        assert.equal(error.extensions?.['code'], 'SNAPSHOT_UNPARSABLE');
        assert.equal(error.message, rest.body.error.message);
        assert.equal(error.extensions?.['fix'], rest.body.error.fix);
        assert.deepEqual(error.extensions?.['issues'], rest.body.error.issues);
        const [issue] = rest.body.error.issues ?? [];
        assert.deepEqual([issue?.file, issue?.line, issue?.column, issue?.text], ['hosts/fw/iptables-save.txt', 3, 10, BAD_RULE]);
      }
      assert.equal(await count(), before, 'nothing was stored');
    });

    it('an unsafe path in an archive: UNSAFE_PATH with its issue, as REST', async () => {
      const archive = await tarGzOf([{ name: '../escape/hosts/a/sysctl.txt', content: 'net.ipv4.ip_forward = 1\n' }]);
      const rest = await new ApiClient(t.baseUrl, t.writeToken).postArchive<ApiErrorBody>('/api/v1/snapshots', archive);
      const result = await upload({ archive: archive.toString('base64') });
      assert.equal(codeOf(result), 'UNSAFE_PATH');
      assert.equal(rest.body.error.code, 'UNSAFE_PATH');
      assert.deepEqual(result.errors[0]?.extensions?.['issues'], rest.body.error.issues);
    });

    it('refuses what is not one snapshot, with stable codes', async () => {
      const files = [{ path: 'hosts/a/sysctl.txt', content: 'net.ipv4.ip_forward = 1\n' }];
      assert.equal(codeOf(await upload({})), 'INVALID_UPLOAD', 'neither files nor archive');
      assert.equal(codeOf(await upload({ files, archive: 'H4sI' })), 'INVALID_UPLOAD', 'both');
      assert.equal(codeOf(await upload({ files: [...files, ...files] })), 'INVALID_UPLOAD', 'a path twice');
      assert.equal(codeOf(await upload({ archive: 'not base64!' })), 'INVALID_UPLOAD');
      assert.equal(codeOf(await upload({ archive: Buffer.from('not a gzip').toString('base64') })), 'CORRUPT_ARCHIVE');
      assert.equal(codeOf(await upload({ name: '   ', files })), 'INVALID_UPLOAD');
      assert.equal(codeOf(await upload({ files: [] })), 'EMPTY_SNAPSHOT');
      assert.equal(codeOf(await upload({ files: [{ path: '/etc/passwd', content: 'x' }] })), 'UNSAFE_PATH');
      const read = await upload({ files }, t.readToken);
      assert.equal(codeOf(read), 'INSUFFICIENT_SCOPE');
    });
  });

  describe('the /graphql request body', () => {
    it(`allows an upload as large as HOOKPATH_MAX_UPLOAD_BYTES in base64, above the REST JSON limit; the archive itself is held to the limit`, async () => {
      const archive = randomBytes(MAX_UPLOAD + 1024);
      const body = JSON.stringify({ query: UPLOAD, variables: { archive: archive.toString('base64') } });
      assert.ok(body.length > MAX_UPLOAD * 1.3, 'larger than the REST JSON body limit');
      const result = await post(body);
      assert.equal(codeOf(result), 'ARCHIVE_TOO_LARGE', JSON.stringify(result.errors));
      assert.equal(result.status, 200, 'a resolver error: the request itself was read');
    });

    it('a body over its limit is 413 PAYLOAD_TOO_LARGE as a GraphQL error naming the fix, never 5xx', async () => {
      const body = JSON.stringify({ query: UPLOAD, variables: { archive: 'A'.repeat(3 * MiB) } });
      const result = await post(body);
      assert.equal(result.status, 413);
      assert.equal(result.data, null);
      assert.equal(codeOf(result), 'PAYLOAD_TOO_LARGE');
      assert.equal((result.body['error'] as { code?: string } | undefined)?.code, 'PAYLOAD_TOO_LARGE', "and the API's own error shape");
      assert.match(result.errors[0]?.message ?? '', /GraphQL request is larger than 2 MiB/);
      assert.match(String(result.errors[0]?.extensions?.['fix']), /HOOKPATH_MAX_UPLOAD_BYTES/);
    });

    it('JSON that does not parse and a missing token are GraphQL errors too', async () => {
      const broken = await post('{"query": ');
      assert.deepEqual([broken.status, codeOf(broken)], [400, 'INVALID_JSON']);
      const anonymous = await post(JSON.stringify({ query: '{ snapshots { edges { cursor } } }' }), null);
      assert.deepEqual([anonymous.status, codeOf(anonymous)], [401, 'UNAUTHENTICATED']);
      assert.equal(anonymous.data, null);
    });
  });

  describe('the snapshot list', () => {
    it('snapshots(search): name, cluster or description, case-insensitive, wildcards taken literally, paged', async () => {
      const a = await uploaded({
        name: '100%_done',
        files: Object.entries(small('pct', 'one')).map(([path, content]) => ({ path, content })),
      });
      const b = await uploaded({ files: Object.entries(small('plain-portal', 'two')).map(([path, content]) => ({ path, content })) });
      type Data = {
        snapshots: { edges: { cursor: string; node: SnapshotSummary }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
      };
      const query = `query($search: String, $first: Int, $after: String) {
        snapshots(search: $search, first: $first, after: $after) { edges { cursor node { ${SUMMARY} } } pageInfo { endCursor hasNextPage } }
      }`;
      const names = async (search: string | null): Promise<string[]> => {
        const result = await gql<Data>(query, { search });
        assert.deepEqual(result.errors, []);
        return result.data?.snapshots.edges.map((e) => e.node.name) ?? [];
      };
      assert.deepEqual(await names('ENI-CNI'), ['004-eni-ipvs-rp-filter'], 'the cluster');
      assert.deepEqual(await names('Un-NATed Conntrack'), ['seed 000'], 'the description');
      assert.deepEqual(await names('SEED'), ['seed 000'], 'the name');
      assert.deepEqual(await names('%'), ['100%_done']);
      assert.deepEqual(await names('0%_'), ['100%_done']);
      assert.deepEqual(await names('1_0'), [], '_ is not a wildcard (it would match 100)');
      assert.deepEqual(await names('1%e'), [], '% is not a wildcard (it would match 100%_done)');
      assert.deepEqual(await names('\\'), []);
      assert.deepEqual(await names('no such snapshot'), []);
      assert.deepEqual(
        await names('  '),
        ['plain-portal', '100%_done', 'seed 000', '004-eni-ipvs-rp-filter'],
        'blank: every snapshot, newest first',
      );
      const first = await gql<Data>(query, { search: 'portal-e2e', first: 1 });
      assert.deepEqual(
        first.data?.snapshots.edges.map((e) => e.node.id),
        [b.id],
      );
      assert.equal(first.data?.snapshots.pageInfo.hasNextPage, true);
      const second = await gql<Data>(query, { search: 'portal-e2e', first: 1, after: first.data?.snapshots.pageInfo.endCursor });
      assert.deepEqual(
        second.data?.snapshots.edges.map((e) => e.node.id),
        [a.id],
      );
      assert.equal(second.data?.snapshots.pageInfo.hasNextPage, false);
      const list = await gql<Data>(query, {});
      const byName = new Map(list.data?.snapshots.edges.map((e) => [e.node.name, e.node]));
      assert.deepEqual(byName.get('seed 000')?.captured, { ovn: true, k8s: true });
      assert.deepEqual(byName.get('004-eni-ipvs-rp-filter')?.captured, { ovn: false, k8s: false });
      assert.equal(byName.get('100%_done')?.hostCount, 1);
    });

    it('deleteSnapshot: true, then gone (GraphQL and REST); an unknown id is SNAPSHOT_NOT_FOUND; a read token may not', async () => {
      const doomed = await uploaded({ files: Object.entries(small('doomed')).map(([path, content]) => ({ path, content })) });
      const mutation = 'mutation($id: ID!) { deleteSnapshot(id: $id) }';
      assert.equal(codeOf(await gql(mutation, { id: doomed.id }, t.readToken)), 'INSUFFICIENT_SCOPE');
      const deleted = await gql<{ deleteSnapshot: boolean }>(mutation, { id: doomed.id }, t.writeToken);
      assert.deepEqual([deleted.errors, deleted.data], [[], { deleteSnapshot: true }]);
      const gone = await gql<{ snapshot: unknown }>('query($id: ID!) { snapshot(id: $id) { id } }', { id: doomed.id });
      assert.equal(gone.data?.snapshot, null);
      assert.equal((await new ApiClient(t.baseUrl, t.readToken).get(`/api/v1/snapshots/${doomed.id}`)).status, 404);
      const again = await gql(mutation, { id: doomed.id }, t.writeToken);
      assert.equal(codeOf(again), 'SNAPSHOT_NOT_FOUND');
      assert.equal(again.errors[0]?.extensions?.['status'], 404);
    });
  });

  describe('the host page', () => {
    it('routes by table, ip rules, the sysctls the portal shows, ipsets, and one chain with counters and paged rules with their lines', async () => {
      interface Rules {
        edges: { cursor: string; node: { position: number; line: number; text: string; packets: number | null; bytes: number | null } }[];
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      }
      interface Chain {
        name: string;
        policy: string | null;
        packets: number | null;
        bytes: number | null;
        ruleCount: number;
        rules: Rules;
      }
      type Data = {
        snapshot: {
          host: {
            files: string[];
            routes: { table: string; dst: string; dev: string | null }[];
            rules: { priority: number; action: string; table: string | null }[];
            sysctls: { key: string; value: string }[];
            ipsets: { name: string; type: string; memberCount: number }[];
            iptables: {
              tables: { name: string; chains: { name: string; policy: string | null; packets: number | null; ruleCount: number }[] }[];
              nat: { chain: Chain | null; missing: Chain | null } | null;
              raw: unknown;
            };
          };
        };
      };
      const query = `query($id: ID!, $host: String!, $after: String) { snapshot(id: $id) { host(name: $host) {
        files
        routes(table: "main") { table dst dev }
        rules { priority action table }
        sysctls(keys: ["net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables", "net.ipv4.conf.*.rp_filter", "net.ipv4.conf.*.src_valid_mark"]) { key value }
        ipsets { name type memberCount }
        iptables {
          tables { name chains { name policy packets ruleCount } }
          nat: table(name: "nat") {
            chain(name: "KUBE-SERVICES") { name policy packets bytes ruleCount rules(first: 2, after: $after) { edges { cursor node { position line text packets bytes } } pageInfo { endCursor hasNextPage } } }
            missing: chain(name: "NO-SUCH-CHAIN") { name }
          }
          raw: table(name: "raw") { name }
        }
      } } }`;
      const result = await gql<Data>(query, { id: ids.seed004, host: NODE });
      assert.deepEqual(result.errors, []);
      const host = result.data?.snapshot.host;
      assert.ok(host);
      assert.ok(host.files.includes(`hosts/${NODE}/iptables-save.txt`));
      assert.ok(host.routes.length > 0 && host.routes.every((r) => r.table === 'main'));
      assert.ok(host.rules.some((r) => r.priority === 2000 && r.action === 'lookup' && r.table === '1003'));
      assert.deepEqual(host.sysctls.find((s) => s.key === 'net.ipv4.ip_forward')?.value, '1');
      assert.deepEqual(host.sysctls.find((s) => s.key === 'net.ipv4.conf.eth0.rp_filter')?.value, '1');
      assert.ok(
        host.sysctls.every((s) => s.key === 'net.ipv4.ip_forward' || /^net\.ipv4\.conf\.[^.]+\.(rp_filter|src_valid_mark)$/.test(s.key)),
        'only the keys asked for',
      );
      assert.equal(host.sysctls.filter((s) => s.key.endsWith('.rp_filter')).length, 13);
      assert.deepEqual(
        host.ipsets.map((s) => s.name),
        ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER', 'KUBE-NODE-PORT-TCP', 'KUBE-HEALTH-CHECK-NODE-PORT'],
      );
      assert.deepEqual(
        host.iptables.tables.map((t) => t.name),
        ['mangle', 'filter', 'nat'],
      );
      const input = host.iptables.tables.find((t) => t.name === 'filter')?.chains.find((c) => c.name === 'INPUT');
      assert.equal(input?.policy, 'ACCEPT');
      assert.equal(typeof input?.packets, 'number');
      assert.equal(host.iptables.raw, null);
      assert.equal(host.iptables.nat?.missing, null);
      const chain = host.iptables.nat?.chain;
      assert.ok(chain);
      assert.deepEqual([chain.name, chain.policy, chain.ruleCount], ['KUBE-SERVICES', null, 5]);
      assert.deepEqual(
        chain.rules.edges.map((e) => [e.node.position, e.node.line]),
        [
          [1, 56],
          [2, 57],
        ],
      );
      assert.equal(
        chain.rules.edges[0]?.node.text,
        '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER',
      );
      assert.equal(chain.rules.pageInfo.hasNextPage, true);
      const next = await gql<Data>(query, { id: ids.seed004, host: NODE, after: chain.rules.pageInfo.endCursor });
      const page2 = next.data?.snapshot.host.iptables.nat?.chain?.rules;
      assert.deepEqual(
        page2?.edges.map((e) => [e.node.position, e.node.line]),
        [
          [3, 58],
          [4, 59],
        ],
      );
      assert.equal(page2?.pageInfo.hasNextPage, true);
    });

    it('rules(afterPosition): any page of a chain directly, the same page a cursor gives; refused when negative or with `after`', async () => {
      interface Rules {
        edges: { cursor: string; node: { position: number; line: number; text: string } }[];
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      }
      type Data = { snapshot: { host: { iptables: { table: { chain: { ruleCount: number; rules: Rules } | null } | null } } } };
      const query = `query($id: ID!, $host: String!, $first: Int, $after: String, $afterPosition: Int) { snapshot(id: $id) { host(name: $host) { iptables {
        table(name: "nat") { chain(name: "KUBE-SERVICES") { ruleCount rules(first: $first, after: $after, afterPosition: $afterPosition) {
          edges { cursor node { position line text } } pageInfo { endCursor hasNextPage }
        } } }
      } } } }`;
      const read = async (variables: Record<string, unknown>): Promise<GraphqlResult<Data>> =>
        gql<Data>(query, { id: ids.seed004, host: NODE, ...variables });
      const rules = async (variables: Record<string, unknown>): Promise<Rules> => {
        const result = await read(variables);
        assert.deepEqual(result.errors, [], JSON.stringify(variables));
        const chain = result.data?.snapshot.host.iptables.table?.chain;
        assert.ok(chain);
        assert.equal(chain.ruleCount, 5);
        return chain.rules;
      };
      const positions = (page: Rules): number[] => page.edges.map((e) => e.node.position);

      const first = await rules({ first: 2 });
      assert.deepEqual(positions(first), [1, 2]);
      assert.deepEqual(await rules({ first: 2, afterPosition: 0 }), first, 'afterPosition 0 is the first page');
      assert.deepEqual(await rules({ first: 2, afterPosition: null }), first, 'null is as if left out');

      const afterTwo = await rules({ first: 2, afterPosition: 2 });
      assert.deepEqual(
        afterTwo.edges.map((e) => [e.node.position, e.node.line]),
        [
          [3, 58],
          [4, 59],
        ],
      );
      assert.equal(afterTwo.pageInfo.hasNextPage, true);
      assert.deepEqual(afterTwo, await rules({ first: 2, after: first.pageInfo.endCursor }), 'the page the cursor of rule 2 gives');
      const afterFour = await rules({ first: 2, afterPosition: 4 });
      assert.deepEqual(positions(afterFour), [5]);
      assert.equal(afterFour.pageInfo.hasNextPage, false);
      assert.equal(afterFour.pageInfo.endCursor, afterFour.edges[0]?.cursor);
      assert.deepEqual(positions(await rules({ afterPosition: 1 })), [2, 3, 4, 5], '`first` defaults as without afterPosition');

      for (const afterPosition of [5, 6, 1000, 2_147_483_647]) {
        assert.deepEqual(
          await rules({ first: 100, afterPosition }),
          { edges: [], pageInfo: { endCursor: null, hasNextPage: false } },
          `past the end: ${afterPosition}`,
        );
      }

      for (const variables of [
        { afterPosition: -1 },
        { afterPosition: 2, after: first.pageInfo.endCursor },
        { afterPosition: 0, after: first.pageInfo.endCursor },
      ]) {
        const refused = await read(variables);
        assert.equal(refused.status, 200, 'a resolver error, not a server error');
        assert.equal(refused.errors.length, 1);
        assert.equal(codeOf(refused), 'INVALID_PAGE_ARGUMENTS', JSON.stringify(variables));
        assert.match(String(refused.errors[0]?.extensions?.['fix']), /afterPosition/);
        assert.equal(refused.data?.snapshot.host.iptables.table?.chain, null);
      }
      assert.equal(codeOf(await read({ afterPosition: 2.5 })), 'BAD_USER_INPUT', 'not an Int');

      const everyChain = (args: string): string =>
        `{ snapshots(first: 100) { edges { node { hosts { iptables { tables { chains { rules(${args}) { edges { node { text } } } } } } } } } } }`;
      const costly = await gql(everyChain('first: 100, afterPosition: 50000'));
      assert.deepEqual([costly.status, costly.data, codeOf(costly)], [400, null, 'QUERY_TOO_COMPLEX']);
      const byCursor = await gql(everyChain('first: 100, after: "cnVsZTo1MDAwMA"'));
      assert.equal(
        costly.errors[0]?.extensions?.['cost'],
        byCursor.errors[0]?.extensions?.['cost'],
        'afterPosition costs what `first` says, as `after` does',
      );
    });
  });
});
