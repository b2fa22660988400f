import type { Endpoint, OvnBindings, OvnLocalnetBinding, OvnPortBinding } from '@hookpath/model';
import { z } from 'zod';

/** Host names are folder names under hosts/ and are used in every place name (`<host>:<iface>`). */
const HOST_NAME = /^[A-Za-z0-9._-]+$/;
const HOST_NAME_RULE = 'letters, digits, ".", "_" and "-"';

const hostName = z.string({ error: 'expected a host name' }).regex(HOST_NAME, { error: `a host name holds only ${HOST_NAME_RULE}` });

/** `host:iface`; the host part stops at the first colon, interface names hold no blank or `/`. */
const endpoint = z
  .string({ error: 'expected "host:iface"' })
  .regex(/^[A-Za-z0-9._-]+:[^\s/]+$/, { error: `expected "host:iface" (a host name of ${HOST_NAME_RULE}, then an interface)` })
  .transform((text): Endpoint => {
    const colon = text.indexOf(':');
    return { host: text.slice(0, colon), iface: text.slice(colon + 1) };
  });

const link = z
  .array(endpoint, { error: 'a link is a pair [host:iface, host:iface]' })
  .length(2, { error: 'a link joins exactly two endpoints' })
  .transform((pair): [Endpoint, Endpoint] => [pair[0], pair[1]]);

const segment = z.strictObject(
  {
    name: z.string({ error: 'expected a segment name' }).min(1, { error: 'a segment name cannot be empty' }),
    members: z.array(endpoint, { error: 'expected a list of host:iface' }),
  },
  { error: 'a segment is a mapping with name and members' },
);

/** A list that may be left empty (`links:` with nothing after it). */
const optionalList = <T extends z.ZodType>(item: T, error: string) =>
  z
    .array(item, { error })
    .nullish()
    .transform((items) => items ?? []);

/** `ovn:<logical-switch-port>`, the OVN side of a binding. */
const ovnPort = z
  .string({ error: 'expected "ovn:<logical-switch-port>"' })
  .regex(/^ovn:\S+$/, { error: 'expected "ovn:<logical-switch-port>"' })
  .transform((text) => text.slice('ovn:'.length));

const portBinding = z
  .tuple([ovnPort, endpoint], { error: 'a port binding is a pair [ovn:<port>, host:iface]' })
  .transform(([port, ep]): OvnPortBinding => ({ port, endpoint: ep, source: 'topology' }));

/** `segment:<name>` or `host:iface`. */
const localnetReach = z
  .string({ error: 'expected "segment:<name>" or "host:iface"' })
  .regex(/^(segment:\S+|[A-Za-z0-9._-]+:[^\s/]+)$/, { error: 'expected "segment:<name>" or "host:iface"' })
  .transform((text): OvnLocalnetBinding['reaches'] => {
    if (text.startsWith('segment:')) return { kind: 'segment', segment: text.slice('segment:'.length) };
    const colon = text.indexOf(':');
    return { kind: 'endpoint', endpoint: { host: text.slice(0, colon), iface: text.slice(colon + 1) } };
  });

const localnetBinding = z
  .tuple([ovnPort, localnetReach], { error: 'a localnet binding is a pair [ovn:<port>, segment:<name> | host:iface]' })
  .transform(([port, reaches]): OvnLocalnetBinding => ({ port, reaches }));

const ovnBindings = z
  .strictObject(
    {
      ports: optionalList(portBinding, 'ports is a list of [ovn:<port>, host:iface] pairs'),
      localnet: optionalList(localnetBinding, 'localnet is a list of [ovn:<port>, segment:<name> | host:iface] pairs'),
      chassis: z
        .record(z.string(), hostName, { error: 'chassis maps an OVN chassis name to a host folder' })
        .nullish()
        .transform((map): Record<string, string> => map ?? {}),
    },
    { error: 'ovn is a mapping with ports, localnet and chassis' },
  )
  .transform((b): OvnBindings => b);

export const topologySchema = z.strictObject(
  {
    links: optionalList(link, 'links is a list of [host:iface, host:iface] pairs'),
    segments: optionalList(segment, 'segments is a list of {name, members}'),
    ovn: ovnBindings.optional(),
  },
  { error: 'expected a mapping with links, segments and ovn' },
);

export const hostMetaSchema = z.strictObject(
  {
    role: z.enum(['node', 'pod', 'gateway', 'external'], { error: 'role is one of node, pod, gateway, external' }).optional(),
    node: hostName.optional(),
    notes: z.string({ error: 'expected text' }).optional(),
  },
  { error: 'expected a mapping with role, node and notes' },
);

/** RFC 3339 date-time (`2024-05-01T10:00:00Z`, `2024-05-01 10:00:00.5+08:00`) naming a real instant. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isRfc3339(text: string): boolean {
  const m = RFC3339.exec(text);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  // RFC 3339 allows a leap second (60).
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

/** snapshot.yaml `redacted`: a count of the names of one kind replaced by placeholders. */
const redactedCount = z
  .number({ error: 'expected a count' })
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'expected a count' })
  .optional();

export const snapshotMetaSchema = z.strictObject(
  {
    name: z.string({ error: 'expected text' }).optional(),
    cluster: z.string({ error: 'expected text' }).optional(),
    capturedAt: z
      .string({ error: 'expected an RFC 3339 date-time such as 2024-05-01T10:00:00Z' })
      .refine(isRfc3339, { error: 'expected an RFC 3339 date-time such as 2024-05-01T10:00:00Z' })
      .optional(),
    description: z.string({ error: 'expected text' }).optional(),
    redacted: z
      .strictObject(
        { nodes: redactedCount, namespaces: redactedCount, pods: redactedCount, names: redactedCount },
        { error: 'expected a mapping with nodes, namespaces, pods and names (counts)' },
      )
      .optional(),
  },
  { error: 'expected a mapping with name, cluster, capturedAt, description and redacted' },
);
