import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ERROR_CODES, type ApiErrorBody } from '@hookpath/contracts';
import { Client } from 'pg';
import { ApiClient, EXAMPLES_DIR, readFolder, startTestApp, tarGzOf, type HttpResult, type TestApp } from '../support';
import { MUTATION_KINDS, SeededRandom, mutate, type AppliedMutation, type SnapshotBytes } from '../support/snapshot-mutations';

// Mutated example snapshots, uploaded through every way in: each answer is 2xx, or 4xx with a stable
// code (and, when a file is at fault, the file named); never 5xx; a refused upload stores nothing.
// Replay a failure with HOOKPATH_FUZZ_SEED=<seed> (and HOOKPATH_FUZZ_CASES=<n>), as the failure prints.

const SEED = Number(process.env.HOOKPATH_FUZZ_SEED ?? 20261207) >>> 0;
const CASES = Number(process.env.HOOKPATH_FUZZ_CASES ?? 300);
/** The run stops starting new cases after this long (the machine may be busy), having done at least MIN_CASES. */
const BUDGET_MS = 45_000;
const MIN_CASES = 60;

type Transport = 'rest-json' | 'rest-archive' | 'graphql-files' | 'graphql-archive';
const TRANSPORTS: readonly Transport[] = ['rest-json', 'rest-archive', 'graphql-files', 'graphql-archive'];

/** Codes whose refusal is about a file: the answer names it. */
const FILE_CODES = new Set(['SNAPSHOT_UNPARSABLE', 'NUL_BYTE', 'UNSAFE_PATH', 'UNSUPPORTED_ENTRY']);

const UPLOAD = `mutation($name: String, $files: [SnapshotFileInput!], $archive: String) {
  uploadSnapshot(name: $name, files: $files, archiveBase64: $archive) { id }
}`;

interface Counts {
  snapshots: number;
  files: number;
  hosts: number;
}

/** What an upload answered, in one shape for REST and GraphQL. */
interface Outcome {
  status: number;
  created: boolean | undefined;
  id: string | undefined;
  error: ApiErrorBody['error'] | undefined;
  raw: string;
}

interface GraphqlBody {
  data?: { uploadSnapshot: { id: string } | null } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

function examples(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function clone(files: SnapshotBytes): SnapshotBytes {
  return new Map([...files].map(([path, content]) => [path, Buffer.from(content)]));
}

describe('upload fuzz: mutated example snapshots (Postgres, real app)', () => {
  let t: TestApp;
  let api: ApiClient;
  let db: Client;
  const originals = new Map<string, SnapshotBytes>();

  before(async () => {
    t = await startTestApp();
    api = new ApiClient(t.baseUrl, t.writeToken);
    db = new Client({ connectionString: t.db.url });
    await db.connect();
    for (const name of examples()) {
      const files = await readFolder(join(EXAMPLES_DIR, name));
      originals.set(name, new Map(Object.entries(files).map(([path, content]) => [path, Buffer.from(content, 'utf8')])));
    }
  });

  after(async () => {
    await db?.end();
    await t?.close();
  });

  async function counts(): Promise<Counts> {
    const { rows } = await db.query<Record<keyof Counts, string>>(
      `SELECT (SELECT count(*) FROM "Snapshot") AS snapshots, (SELECT count(*) FROM "SnapshotFile") AS files,
              (SELECT count(*) FROM "Host") AS hosts`,
    );
    const row = rows[0];
    assert.ok(row);
    return {
      snapshots: Number(row.snapshots),
      files: Number(row.files),
      hosts: Number(row.hosts),
    };
  }

  async function graphql(variables: Record<string, unknown>): Promise<Outcome> {
    const res = await api.postJson<GraphqlBody>('/graphql', { query: UPLOAD, variables });
    const body = typeof res.body === 'object' ? res.body : {};
    const first = body.errors?.[0];
    const extensions = first?.extensions ?? {};
    const error =
      first === undefined
        ? undefined
        : ({ ...extensions, code: extensions['code'], message: first.message } as unknown as ApiErrorBody['error']);
    const id = body.data?.uploadSnapshot?.id;
    return { status: res.status, created: undefined, id, error, raw: res.text.slice(0, 600) };
  }

  function rest(res: HttpResult<unknown>): Outcome {
    const body = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as {
      id?: string;
      existing?: boolean;
    } & Partial<ApiErrorBody>;
    return {
      status: res.status,
      created: res.status === 201 ? true : res.status === 200 ? false : undefined,
      id: body.id,
      error: body.error,
      raw: res.text.slice(0, 600),
    };
  }

  async function send(transport: Transport, files: SnapshotBytes, random: SeededRandom, plainName: string): Promise<Outcome> {
    const name = random.int(12) === 0 ? random.pick([`${plainName}\0`, `${plainName}\ud800`, `\udc00${plainName}`]) : plainName;
    const prefix = random.int(3) === 0 ? 'snap/' : '';
    const entries = [...files].map(([path, content]) => ({ name: `${prefix}${path}`, content }));
    // JSON carries what no byte sequence can: a lone UTF-16 surrogate in a path or a file's text
    const lone = random.int(6) === 0 ? random.int(Math.max(1, entries.length)) : -1;
    const text = (e: { name: string; content: Buffer }, i: number): { path: string; content: string } => {
      const content = e.content.toString('utf8');
      if (i !== lone) return { path: e.name, content };
      return random.int(2) === 0 ? { path: `${e.name}\ud800`, content } : { path: e.name, content: `\udfff${content}` };
    };
    switch (transport) {
      case 'rest-json':
        return rest(
          await api.postJson('/api/v1/snapshots', {
            name,
            files: Object.fromEntries(entries.map((e, i) => text(e, i)).map((f) => [f.path, f.content])),
          }),
        );
      case 'rest-archive':
        return rest(await api.postArchive('/api/v1/snapshots', await tarGzOf(entries), { name }));
      case 'graphql-files':
        return graphql({ name, files: entries.map((e, i) => text(e, i)) });
      case 'graphql-archive':
        return graphql({ name, archive: (await tarGzOf(entries)).toString('base64') });
    }
  }

  /** Why the outcome breaks the contract, or undefined when it keeps it. */
  function problem(outcome: Outcome, before: Counts, after: Counts): string | undefined {
    if (outcome.status >= 500) return `answered ${outcome.status}`;
    const stored = after.snapshots - before.snapshots;
    if (outcome.error === undefined) {
      if (outcome.status >= 300 || outcome.id === undefined) return `answered ${outcome.status} without a snapshot id nor an error`;
      if (outcome.created === true && stored !== 1) return `201 but ${stored} snapshot row(s) were added`;
      if (outcome.created === false && JSON.stringify(before) !== JSON.stringify(after)) return '200 (existing) but rows changed';
      if (stored > 1) return `${stored} snapshot rows were added by one upload`;
      return undefined;
    }
    const { code, message } = outcome.error;
    if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code))
      return `error without a known code: ${String(code)}`;
    if (code === 'INTERNAL_ERROR' || code === 'DEPENDENCY_UNAVAILABLE') return `error ${code}`;
    if (outcome.status >= 300 && (outcome.status < 400 || outcome.status >= 500)) return `error ${code} with HTTP ${outcome.status}`;
    if (typeof message !== 'string' || message === '') return `error ${code} without a message`;
    if (FILE_CODES.has(code)) {
      const issues = outcome.error.issues ?? [];
      const file = issues[0]?.file;
      if (typeof file !== 'string' || file === '') return `${code} without an issue naming a file`;
      if (!message.includes(file) && !message.includes(JSON.stringify(file).slice(1, -1))) return `${code}'s message does not name ${file}`;
    }
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      return `refused (${code}) but rows changed: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
    }
    return undefined;
  }

  it("a NUL byte in snapshot.yaml's description: NUL_BYTE at its line and column over REST (JSON, archive) and GraphQL, nothing stored", async () => {
    const files = Object.fromEntries(
      [...(originals.get('004-eni-ipvs-rp-filter') ?? [])].map(([path, content]) => [path, content.toString('utf8')]),
    );
    const yaml = files['snapshot.yaml'];
    assert.ok(yaml !== undefined);
    files['snapshot.yaml'] = `${yaml.trimEnd()}\ndescription: "before\0after"\n`;
    const line = files['snapshot.yaml'].split('\n').length - 1;
    const before = await counts();
    const json = rest(await api.postJson('/api/v1/snapshots', { files }));
    const archive = rest(
      await api.postArchive('/api/v1/snapshots', await tarGzOf(Object.entries(files).map(([name, content]) => ({ name, content })))),
    );
    const gql = await graphql({ files: Object.entries(files).map(([path, content]) => ({ path, content })) });
    for (const outcome of [json, archive, gql]) {
      assert.equal(outcome.error?.code, 'NUL_BYTE', outcome.raw);
      assert.deepEqual(
        outcome.error?.issues?.map((i) => [i.file, i.line, i.column]),
        [['snapshot.yaml', line, 'description: "before'.length + 1]],
      );
      assert.match(outcome.error?.message ?? '', new RegExp(`^snapshot\\.yaml:${line}:21: `));
    }
    assert.equal(json.status, 400);
    assert.equal(archive.status, 400);
    assert.deepEqual(await counts(), before);
  });

  it(`only 2xx or 4xx with a code, never 5xx, nothing stored by a refusal (seed ${SEED})`, async (context) => {
    const names = [...originals.keys()];
    assert.ok(names.length > 0, 'no examples');
    const started = Date.now();
    const failures: string[] = [];
    const tally = new Map<string, number>();
    let done = 0;
    for (let i = 0; i < CASES; i += 1) {
      if (done >= MIN_CASES && Date.now() - started > BUDGET_MS) break;
      const random = new SeededRandom((SEED + Math.imul(i, 0x9e3779b1)) >>> 0);
      const example = random.pick(names);
      const files = clone(originals.get(example) ?? new Map<string, Buffer>());
      const mutations: AppliedMutation[] = [];
      const count = 1 + random.int(3);
      for (let m = 0; m < count; m += 1) {
        const applied = mutate(files, random.pick(MUTATION_KINDS), random);
        if (applied !== undefined) mutations.push(applied);
      }
      const transport = random.pick(TRANSPORTS);
      const name = `fuzz-${SEED}-${i}`;
      const before = await counts();
      let outcome: Outcome;
      try {
        outcome = await send(transport, files, random, name);
      } catch (error) {
        outcome = { status: 599, created: undefined, id: undefined, error: undefined, raw: String(error) };
      }
      const after = await counts();
      done += 1;
      const label = outcome.error === undefined ? String(outcome.status) : `${outcome.status} ${String(outcome.error.code)}`;
      tally.set(label, (tally.get(label) ?? 0) + 1);
      const why = problem(outcome, before, after);
      if (why !== undefined) {
        const what = mutations.map((m) => `${m.kind} ${m.file} (${m.detail})`).join('; ');
        failures.push(`case ${i}: ${why}\n    ${example} via ${transport}: ${what}\n    answer: ${outcome.raw}`);
        if (failures.length >= 5) break;
      }
    }
    const summary = [...tally]
      .sort()
      .map(([label, n]) => `${label} x${n}`)
      .join(', ');
    context.diagnostic(`seed ${SEED}: ${done} case(s) in ${Math.round((Date.now() - started) / 1000)} s: ${summary}`);
    assert.ok(
      failures.length === 0,
      `upload fuzz failed (replay: HOOKPATH_FUZZ_SEED=${SEED} HOOKPATH_FUZZ_CASES=${CASES}); ${done} case(s): ${summary}\n  ${failures.join('\n  ')}`,
    );
    assert.ok(done >= MIN_CASES, `only ${done} case(s) ran`);
    // the mutations refuse most uploads, and some (a removed comment line, a renamed unknown file) are still stored
    assert.ok(
      [...tally.keys()].some((label) => label.startsWith('4')),
      `no refusal among ${summary}`,
    );
  });
});
