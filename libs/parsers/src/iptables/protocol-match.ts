/**
 * With `-p PROTO`, iptables loads the match named after the protocol on its own when it meets an
 * option no loaded match knows: `-p tcp --dport 80` works without `-m tcp` (iptables -S and
 * iptables-save then print the `-m tcp` they added). These are the options of those matches.
 */
const PORT_OPTIONS = ['sport', 'source-port', 'dport', 'destination-port'];

const PROTOCOL_OPTIONS = new Map<string, ReadonlySet<string>>([
  ['tcp', new Set([...PORT_OPTIONS, 'syn', 'tcp-flags', 'tcp-option'])],
  ['udp', new Set(PORT_OPTIONS)],
  ['udplite', new Set(PORT_OPTIONS)],
  ['sctp', new Set([...PORT_OPTIONS, 'chunk-types'])],
  ['dccp', new Set([...PORT_OPTIONS, 'dccp-types', 'dccp-option'])],
  ['icmp', new Set(['icmp-type'])],
]);

/** `-p 6` loads the same match as `-p tcp` (names as in /etc/protocols). */
const PROTOCOL_NUMBERS = new Map<string, string>([
  ['1', 'icmp'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['33', 'dccp'],
  ['132', 'sctp'],
  ['136', 'udplite'],
]);

/** The match module `-p value` makes available, or null (`-p all`, `-p esp`, ...). */
export function protocolModule(value: string): string | null {
  const name = PROTOCOL_NUMBERS.get(value) ?? value.toLowerCase();
  return PROTOCOL_OPTIONS.has(name) ? name : null;
}

/** True for the modules named after a protocol (`tcp`, `udp`, ...). */
export function isProtocolModule(module: string): boolean {
  return PROTOCOL_OPTIONS.has(module);
}

/** True when the protocol match `module` has the long option `name`. */
export function protocolHasOption(module: string, name: string): boolean {
  return PROTOCOL_OPTIONS.get(module)?.has(name) === true;
}
