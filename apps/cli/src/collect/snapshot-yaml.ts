import type { Endpoint, HostRole, RedactedNames, Segment } from '@hookpath/model';

/** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
const scalar = (value: string): string => JSON.stringify(value);

export function snapshotYaml(meta: {
  name: string;
  cluster?: string;
  capturedAt: string;
  description: string;
  redacted?: RedactedNames;
}): string {
  const cluster = meta.cluster === undefined ? [] : [`cluster: ${scalar(meta.cluster)}`];
  const redacted =
    meta.redacted === undefined
      ? []
      : ['redacted:', ...(['nodes', 'namespaces', 'pods', 'names'] as const).map((k) => `  ${k}: ${meta.redacted?.[k] ?? 0}`)];
  return [
    `name: ${scalar(meta.name)}`,
    ...cluster,
    `capturedAt: ${scalar(meta.capturedAt)}`,
    `description: ${scalar(meta.description)}`,
    ...redacted,
    '',
  ].join('\n');
}

/** `node`: for a pod or gateway, the node host it runs on. */
export function hostMetaYaml(role: HostRole, notes: readonly string[], node?: string): string {
  const lines = [`role: ${role}`];
  if (node !== undefined) lines.push(`node: ${scalar(node)}`);
  if (notes.length > 0) lines.push(`notes: ${scalar(notes.join('; '))}`);
  return `${lines.join('\n')}\n`;
}

const endpoint = (e: Endpoint): string => scalar(`${e.host}:${e.iface}`);

export function topologyYaml(links: readonly [Endpoint, Endpoint][], segments: readonly Segment[] = []): string {
  const linkLines = links.length === 0 ? ['links: []'] : ['links:', ...links.map(([a, b]) => `  - [${endpoint(a)}, ${endpoint(b)}]`)];
  const segmentLines =
    segments.length === 0
      ? ['segments: []']
      : ['segments:', ...segments.flatMap((s) => [`  - name: ${scalar(s.name)}`, `    members: [${s.members.map(endpoint).join(', ')}]`])];
  return [...linkLines, ...segmentLines, ''].join('\n');
}
