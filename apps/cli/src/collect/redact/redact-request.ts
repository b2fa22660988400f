import { readFileSync } from 'node:fs';
import { UsageError } from '../../cli-error';

/** The kinds of names `--redact` replaces, and the placeholder each kind gets (`node-1`, `ns-1`, ...). */
export type RedactKind = 'node' | 'namespace' | 'pod' | 'name';

export const PLACEHOLDER_PREFIX: Readonly<Record<RedactKind, string>> = { node: 'node', namespace: 'ns', pod: 'pod', name: 'name' };

/** What `--redact` asks for: whole kinds (every name of that kind the snapshot holds) and single names. */
export interface RedactRequest {
  /** `all`, `nodes`, `namespaces`, `pods`: every such name found in the snapshot. */
  every: Set<Exclude<RedactKind, 'name'>>;
  /** `node:<n>`, `ns:<n>`, `pod:[ns/]<n>`, or a bare `<n>` (kind `name`: any text equal to it). */
  names: Map<string, RedactKind>;
}

/** Namespaces every cluster has: they identify nothing, and `default` is also a word of the command output. */
export const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Words of the captured command output, file names and YAML keys: a name spelled like one of them
 * cannot be told apart from them in the files, so it is never replaced (an explicit one is refused).
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...BUILT_IN_NAMESPACES,
  ...['all', 'any', 'main', 'local', 'master', 'lo', 'link', 'host', 'global', 'none', 'null', 'true', 'false', 'dev', 'via', 'src'],
  ...['filter', 'nat', 'mangle', 'raw', 'security', 'input', 'output', 'forward', 'prerouting', 'postrouting'],
  ...['hosts', 'k8s', 'ovn', 'meta', 'json', 'txt', 'yaml', 'topology', 'snapshot', 'links', 'segments', 'members', 'ports'],
  ...['name', 'namespace', 'node', 'pod', 'kind', 'items', 'metadata', 'spec', 'status', 'labels', 'list', 'port', 'router'],
  ...['switch', 'chassis', 'role', 'notes', 'gateway', 'external', 'eth0', 'ovn0'],
]);

/** A DNS subdomain as Kubernetes names are (upper case allowed for bare names). */
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** Why a name cannot be redacted, or null. */
export function unredactable(name: string, kind: RedactKind): string | null {
  if (!NAME.test(name)) return 'expected a name of letters, digits, "-" and "."';
  if (/^[0-9.]+$/.test(name)) return 'a name of digits only cannot be told apart from an address or a number';
  if (kind === 'namespace' && BUILT_IN_NAMESPACES.has(name)) return 'a namespace every cluster has identifies nothing';
  if (RESERVED_WORDS.has(name.toLowerCase())) return 'the word also occurs in the command output, so it cannot be replaced';
  return null;
}

const EVERY: Readonly<Record<string, Exclude<RedactKind, 'name'>[]>> = {
  all: ['node', 'namespace', 'pod'],
  nodes: ['node'],
  namespaces: ['namespace'],
  pods: ['pod'],
};

const KINDS: Readonly<Record<string, Exclude<RedactKind, 'name'>>> = { node: 'node', ns: 'namespace', namespace: 'namespace', pod: 'pod' };

/**
 * `--redact`: a comma-separated list, or `@<file>` holding the same items one per line (or
 * comma-separated; `#` starts a comment). Items: `all`, `nodes`, `namespaces`, `pods`, `node:<name>`,
 * `ns:<name>`, `pod:[<ns>/]<name>` (the pod's name; its namespace only when also asked for) or a bare
 * `<name>`.
 */
export function parseRedact(values: readonly string[]): RedactRequest {
  const request: RedactRequest = { every: new Set(), names: new Map() };
  for (const value of values) {
    let text = value;
    if (value.startsWith('@')) {
      const file = value.slice(1);
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`--redact ${value}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
    const items = text
      .split('\n')
      .map((line) => line.replace(/#.*$/, ''))
      .flatMap((line) => line.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '');
    for (const item of items) {
      const every = EVERY[item];
      if (every !== undefined) {
        for (const kind of every) request.every.add(kind);
        continue;
      }
      const colon = item.indexOf(':');
      const kind = colon < 0 ? 'name' : KINDS[item.slice(0, colon)];
      if (kind === undefined)
        throw new UsageError(
          `--redact ${JSON.stringify(item)}: unknown kind ${JSON.stringify(item.slice(0, colon))}; expected all, nodes, namespaces, pods, node:<name>, ns:<name>, pod:[<ns>/]<name> or a name`,
        );
      let name = colon < 0 ? item : item.slice(colon + 1);
      if (kind === 'pod' && name.includes('/')) name = name.slice(name.indexOf('/') + 1);
      const why = unredactable(name, kind);
      if (why !== null) throw new UsageError(`--redact ${JSON.stringify(item)}: ${why}`);
      const before = request.names.get(name);
      if (before !== undefined && before !== kind)
        throw new UsageError(`--redact: ${JSON.stringify(name)} is given both as ${before} and as ${kind}`);
      request.names.set(name, kind);
    }
  }
  if (request.every.size === 0 && request.names.size === 0) throw new UsageError('--redact names nothing');
  return request;
}
