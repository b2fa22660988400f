/**
 * How many values the options of the common iptables extensions take. An option missing here
 * takes every following token up to the next option or `!`.
 *
 * The counts matter where that default reads the wrong thing: flags (arity 0) must not swallow an
 * intrapositional-looking `!` that belongs to the next option (`--syn ! --dport 22`); one-value
 * options take their value even when it starts with `-` (iptables-save prints `--comment -x`
 * unquoted, since `-` needs no quoting); two-value options (`--match-set NAME dst,dst`,
 * `--tcp-flags MASK COMP`) are read exactly as iptables' extensions read them.
 */
const ARITY = new Map<string, number>();

function define(arity: number, names: readonly string[]): void {
  for (const name of names) ARITY.set(name, arity);
}

define(0, [
  // tcp
  'syn',
  // recent
  'set',
  'rcheck',
  'update',
  'remove',
  'rsource',
  'rdest',
  'rttl',
  'reap',
  // set match and SET target
  'return-nomatch',
  'update-counters',
  'update-subcounters',
  'no-update-counters',
  'no-update-subcounters',
  'exist',
  'map-mark',
  'map-prio',
  'map-queue',
  // physdev
  'physdev-is-in',
  'physdev-is-out',
  'physdev-is-bridged',
  // addrtype
  'limit-iface-in',
  'limit-iface-out',
  // owner, socket, rpfilter
  'socket-exists',
  'suppl-groups',
  'transparent',
  'nowildcard',
  'restore-skmark',
  'loose',
  'validmark',
  'accept-local',
  'invert',
  // NAT targets
  'random',
  'random-fully',
  'persistent',
  // CONNMARK
  'save-mark',
  'restore-mark',
  // CT, NOTRACK
  'notrack',
  // LOG
  'log-tcp-sequence',
  'log-tcp-options',
  'log-ip-options',
  'log-uid',
  'log-macdecode',
  // NFQUEUE, CHECKSUM, TCPMSS
  'queue-bypass',
  'queue-cpu-fanout',
  'fail-open',
  'checksum-fill',
  'clamp-mss-to-pmtu',
]);

define(1, [
  // tcp, udp, sctp, dccp, icmp
  'sport',
  'source-port',
  'dport',
  'destination-port',
  'tcp-option',
  'icmp-type',
  'chunk-types',
  // multiport
  'sports',
  'source-ports',
  'dports',
  'destination-ports',
  'ports',
  // comment, mark, connmark
  'comment',
  'mark',
  // conntrack, state
  'ctstate',
  'ctproto',
  'ctorigsrc',
  'ctorigdst',
  'ctreplsrc',
  'ctrepldst',
  'ctorigsrcport',
  'ctorigdstport',
  'ctreplsrcport',
  'ctrepldstport',
  'ctstatus',
  'ctexpire',
  'ctdir',
  'state',
  // addrtype
  'src-type',
  'dst-type',
  // statistic
  'mode',
  'probability',
  'every',
  'packet',
  // iprange, owner, mac, length, pkttype, dscp, tos, ttl
  'src-range',
  'dst-range',
  'uid-owner',
  'gid-owner',
  'mac-source',
  'length',
  'pkt-type',
  'dscp',
  'dscp-class',
  'tos',
  'ttl-eq',
  'ttl-gt',
  'ttl-lt',
  // limit, hashlimit
  'limit',
  'limit-burst',
  'hashlimit',
  'hashlimit-upto',
  'hashlimit-above',
  'hashlimit-burst',
  'hashlimit-mode',
  'hashlimit-srcmask',
  'hashlimit-dstmask',
  'hashlimit-name',
  'hashlimit-htable-size',
  'hashlimit-htable-max',
  'hashlimit-htable-expire',
  'hashlimit-htable-gcinterval',
  'hashlimit-rate-interval',
  // recent
  'name',
  'seconds',
  'hitcount',
  'mask',
  // set match counters
  'packets-eq',
  'packets-lt',
  'packets-gt',
  'bytes-eq',
  'bytes-lt',
  'bytes-gt',
  // physdev
  'physdev-in',
  'physdev-out',
  // helper, string, u32, connlimit, connbytes
  'helper',
  'string',
  'hex-string',
  'algo',
  'from',
  'to',
  'u32',
  'connlimit-upto',
  'connlimit-above',
  'connlimit-mask',
  'connbytes',
  'connbytes-dir',
  'connbytes-mode',
  // NAT targets, NETMAP
  'to-destination',
  'to-source',
  'to-ports',
  // MARK, CONNMARK
  'set-mark',
  'set-xmark',
  'and-mark',
  'or-mark',
  'xor-mark',
  'nfmask',
  'ctmask',
  // REJECT
  'reject-with',
  // CT
  'ctevents',
  'expevents',
  'zone',
  'zone-orig',
  'zone-reply',
  'timeout',
  // TPROXY
  'on-port',
  'on-ip',
  'tproxy-mark',
  // LOG, NFLOG
  'log-level',
  'log-prefix',
  'nflog-group',
  'nflog-prefix',
  'nflog-range',
  'nflog-size',
  'nflog-threshold',
  // NFQUEUE, TCPMSS, DSCP, TOS, TTL, CLASSIFY, TEE
  'queue-num',
  'queue-balance',
  'set-mss',
  'set-dscp',
  'set-dscp-class',
  'set-tos',
  'and-tos',
  'or-tos',
  'xor-tos',
  'ttl-set',
  'ttl-dec',
  'ttl-inc',
  'set-class',
  'gateway',
]);

define(2, [
  // set match: NAME FLAGS; SET target: NAME FLAGS
  'match-set',
  'add-set',
  'del-set',
  'map-set',
  // tcp: MASK COMP
  'tcp-flags',
]);

/** Every long option name (without `--`) this table knows, with its number of values. */
export function knownOptions(): IterableIterator<[string, number]> {
  return ARITY.entries();
}

/** Number of values the long option `name` (without `--`) takes, or -1 when it is not known. */
export function optionArity(name: string): number {
  const arity = ARITY.get(name);
  return arity === undefined ? -1 : arity;
}
