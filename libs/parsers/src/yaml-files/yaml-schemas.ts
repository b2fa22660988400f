import type { Endpoint } from '@hookpath/model';
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

export const topologySchema = z.strictObject(
  {
    links: optionalList(link, 'links is a list of [host:iface, host:iface] pairs'),
    segments: optionalList(segment, 'segments is a list of {name, members}'),
  },
  { error: 'expected a mapping with links and segments' },
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

export const snapshotMetaSchema = z.strictObject(
  {
    name: z.string({ error: 'expected text' }).optional(),
    cluster: z.string({ error: 'expected text' }).optional(),
    capturedAt: z
      .string({ error: 'expected an RFC 3339 date-time such as 2024-05-01T10:00:00Z' })
      .refine(isRfc3339, { error: 'expected an RFC 3339 date-time such as 2024-05-01T10:00:00Z' })
      .optional(),
    description: z.string({ error: 'expected text' }).optional(),
  },
  { error: 'expected a mapping with name, cluster, capturedAt and description' },
);
