import type { Connection } from '../conntrack/connection';
import type { NatManip } from '../netfilter/table-evaluation';
import type { Diagnosis } from '../trace/trace';

/** The conntrack(8) command that deletes this connection. */
export function conntrackDeleteCommand(c: Connection): string {
  const o = c.original;
  const base = `conntrack -D -p ${c.proto} -s ${o.src} -d ${o.dst}`;
  if (c.proto === 'icmp') return `${base} --icmp-type ${c.icmpTypes?.original ?? 8} --icmp-code 0 --icmp-id ${o.sport}`;
  return `${base} --sport ${o.sport} --dport ${o.dport}`;
}

/**
 * A snapshot conntrack entry without NAT keeps a flow un-translated although the nat table would
 * translate the same packet as a new connection (seed 000: the EIP bound while the ping ran).
 */
export function staleConntrackDiagnosis(host: string, conn: Connection, manip: NatManip): Diagnosis {
  const where = conn.origin.kind === 'snapshot' ? `${conn.origin.file} line ${conn.origin.line}` : 'an earlier packet';
  return {
    code: 'STALE_CONNTRACK_BYPASSES_NAT',
    message:
      `On ${host} the packet belongs to an existing connection (${where}) whose NAT binding translates nothing, so the nat table is skipped; ` +
      `as a new connection it would be translated by \`${manip.rule}\` (${manip.kind} to ${manip.address}${manip.port === null ? '' : `:${manip.port}`}). ` +
      'The connection keeps its old binding until the entry expires or is deleted.',
    fix: `in ${host}: ${conntrackDeleteCommand(conn)}`,
    host,
    evidence: [
      `${host} ${where}: ${conn.proto} ${conn.original.src} -> ${conn.original.dst}, reply ${conn.reply.src} -> ${conn.reply.dst}: no NAT`,
      `${host} nat rule that now matches a new connection: ${manip.rule}`,
    ],
  };
}
