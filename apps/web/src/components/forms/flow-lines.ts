import type { FlowInput, Protocol } from '../../gql/graphql';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const PROTOCOLS: Record<string, Protocol> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP' };

export interface ParsedFlows {
  flows: FlowInput[];
  /** 1-based line numbers and what is wrong with them. */
  errors: { line: number; message: string }[];
}

/**
 * Explicit flows typed one per line, as `hookpath trace` names them: `<from> <src> <dst> [tcp|udp|icmp]
 * [dport]`; blank lines and `#` comments are skipped.
 */
export function parseFlowLines(text: string | undefined): ParsedFlows {
  const flows: FlowInput[] = [];
  const errors: ParsedFlows['errors'] = [];
  (text ?? '').split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [from, src, dst, proto, dport, ...rest] = line.split(/\s+/);
    const fail = (message: string) => errors.push({ line: i + 1, message });
    if (from === undefined || src === undefined || dst === undefined) return fail('expected: <from> <src> <dst> [tcp|udp|icmp] [dport]');
    if (!IPV4.test(src) || !IPV4.test(dst)) return fail('src and dst must be IPv4 addresses');
    const protocol = proto === undefined ? undefined : PROTOCOLS[proto.toLowerCase()];
    if (proto !== undefined && protocol === undefined) return fail(`unknown protocol ${proto}`);
    const port = dport === undefined ? undefined : Number(dport);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return fail(`bad port ${dport ?? ''}`);
    if (port !== undefined && protocol === 'ICMP') return fail('icmp has no port');
    if (rest.length > 0) return fail(`unexpected ${rest.join(' ')}`);
    flows.push({ from, src, dst, ...(protocol === undefined ? {} : { proto: protocol }), ...(port === undefined ? {} : { dport: port }) });
  });
  return { flows, errors };
}
