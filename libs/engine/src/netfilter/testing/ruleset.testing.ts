import type {
  Host,
  IptablesChain,
  IptablesRule,
  IptablesTable,
  IptablesTableName,
  Ipset,
  IpsetElementPart,
  RuleMatch,
  RuleOption,
  RuleTarget,
} from '@hookpath/model';

/**
 * Test code only: reads a small iptables-save text into the model the way libs/parsers does for
 * the forms the specs use (built-in selectors, `-m`, `-j`/`-g`, `!` before an option, quoted
 * strings, `-p tcp --dport` attaching to the protocol's match), so that specs can state rulesets
 * as text.
 */

const BUILTIN: Readonly<Record<string, string>> = {
  '-s': 'source',
  '-d': 'destination',
  '-i': 'in-interface',
  '-o': 'out-interface',
  '-p': 'protocol',
  '-f': 'fragment',
};

const PROTOCOL_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  tcp: ['sport', 'source-port', 'dport', 'destination-port', 'syn', 'tcp-flags'],
  udp: ['sport', 'source-port', 'dport', 'destination-port'],
  icmp: ['icmp-type'],
};

const FLAGS = new Set([
  'syn',
  'random',
  'random-fully',
  'persistent',
  'save-mark',
  'restore-mark',
  'notrack',
  'return-nomatch',
  'limit-iface-in',
  'limit-iface-out',
  'physdev-is-bridged',
  'physdev-is-in',
  'physdev-is-out',
  'socket-exists',
  'suppl-groups',
]);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    tokens.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string));
  return tokens;
}

const isOption = (token: string | undefined): boolean => token !== undefined && /^-[-a-zA-Z]/.test(token);

export function parseRule(text: string, position: number): { chain: string; rule: IptablesRule } {
  const tokens = tokenize(text);
  if (tokens[0] !== '-A') throw new Error(`not a rule: ${text}`);
  const chain = tokens[1] as string;
  const ip: RuleOption[] = [];
  const matches: RuleMatch[] = [];
  let target: RuleTarget | null = null;
  let current: RuleMatch | RuleTarget | null = null;
  let protocol = '';
  let negate = false;
  let i = 2;
  const values = (name: string): string[] => {
    const out: string[] = [];
    if (FLAGS.has(name)) return out;
    while (i < tokens.length && !isOption(tokens[i]) && tokens[i] !== '!') out.push(tokens[i++] as string);
    return out;
  };
  while (i < tokens.length) {
    const token = tokens[i++] as string;
    if (token === '!') {
      negate = true;
      continue;
    }
    const builtin = BUILTIN[token];
    if (builtin !== undefined) {
      const option = { name: builtin, negated: negate, values: values(builtin) };
      negate = false;
      ip.push(option);
      if (builtin === 'protocol' && !option.negated) protocol = option.values[0] ?? '';
      continue;
    }
    if (token === '-m') {
      current = { module: tokens[i++] as string, options: [] };
      matches.push(current);
      continue;
    }
    if (token === '-j' || token === '-g') {
      target = { name: tokens[i++] as string, kind: token === '-j' ? 'jump' : 'goto', options: [] };
      current = target;
      continue;
    }
    const name = token.replace(/^--/, '');
    const option = { name, negated: negate, values: values(name) };
    negate = false;
    let owner = current;
    const protoOptions = PROTOCOL_OPTIONS[protocol];
    const ownerIsProtocol = owner !== null && 'module' in owner && PROTOCOL_OPTIONS[owner.module] !== undefined;
    const ownerIsTarget = owner !== null && owner === target;
    if (protoOptions !== undefined && !ownerIsTarget && !ownerIsProtocol && (owner === null || protoOptions.includes(name))) {
      owner = matches.find((m) => m.module === protocol) ?? null;
      if (owner === null) {
        owner = { module: protocol, options: [] };
        matches.push(owner);
      }
    }
    if (owner === null) throw new Error(`option ${token} has no owner in ${text}`);
    owner.options.push(option);
  }
  const all = ip.length > 0 ? [{ module: 'ip', options: ip }, ...matches] : matches;
  return { chain, rule: { position, text, line: position, matches: all, target } };
}

/** `*table`, `:CHAIN POLICY [0:0]`, `-A ...`, `COMMIT` lines; blank lines and `#` comments skipped. */
export function parseSave(text: string): IptablesTable[] {
  const tables: IptablesTable[] = [];
  let table: IptablesTable | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = { name: line.slice(1) as IptablesTableName, chains: [] };
      tables.push(table);
      continue;
    }
    if (table === null) throw new Error(`line outside a table: ${line}`);
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/) as [string, string];
      table.chains.push({ name, builtin: policy !== '-', policy: policy === '-' ? null : (policy as 'ACCEPT' | 'DROP'), rules: [] });
      continue;
    }
    const t = table;
    const chainName = tokenize(line)[1] as string;
    const chain = t.chains.find((c) => c.name === chainName) as IptablesChain;
    if (chain === undefined) throw new Error(`chain ${chainName} not declared`);
    chain.rules.push(parseRule(line, chain.rules.length + 1).rule);
  }
  return tables;
}

function part(text: string, dimension: string, bitmap: boolean): IpsetElementPart {
  switch (dimension) {
    case 'ip':
    case 'net': {
      if (text.includes('-')) {
        const [from, to] = text.split('-') as [string, string];
        return { kind: 'range', from, to };
      }
      return { kind: 'net', cidr: text.includes('/') ? text : `${text}/32` };
    }
    case 'port': {
      const colon = text.indexOf(':');
      const proto = colon < 0 ? (bitmap ? '' : 'tcp') : text.slice(0, colon);
      const ports = colon < 0 ? text : text.slice(colon + 1);
      const [from, to] = ports.split('-').map(Number) as [number, number | undefined];
      return { kind: 'port', proto, from, to: to ?? from };
    }
    case 'mac':
      return { kind: 'mac', mac: text.toLowerCase() };
    case 'iface':
      return { kind: 'iface', name: text.replace(/^physdev:/, ''), physdev: text.startsWith('physdev:') };
    case 'mark':
      return { kind: 'mark', value: Number(text) };
    default:
      return { kind: 'set', name: text };
  }
}

/** An ipset from its type and members as `ipset list` prints them (`10.0.0.0/8 nomatch`). */
export function ipset(name: string, type: string, members: readonly string[], options: Record<string, string | true> = {}): Ipset {
  const dimensions = type.split(':')[1]?.split(',') ?? [];
  const bitmap = type.startsWith('bitmap:');
  return {
    name,
    type,
    family: 'inet',
    options,
    line: 1,
    members: members.map((text) => {
      const [value, ...flags] = text.split(' ') as [string, ...string[]];
      return { value, parts: value.split(',').map((p, d) => part(p, dimensions[d] ?? '', bitmap)), nomatch: flags.includes('nomatch') };
    }),
  };
}

export function hostOf(save: string, ipsets: Ipset[] | null = []): Host {
  return {
    name: 'h1',
    meta: {},
    interfaces: null,
    routes: null,
    rules: null,
    sysctls: null,
    iptables: { format: 'iptables-save', tables: parseSave(save) },
    ipsets,
    conntrack: null,
    ipvs: null,
    fdb: null,
    neighbours: null,
    files: [],
  };
}
