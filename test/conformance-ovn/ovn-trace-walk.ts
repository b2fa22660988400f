/**
 * The packet as `ovn-trace --detailed` changes it, line by line: header assignments, registers the
 * router stages use (reg0 = next hop, for the ARP request), NAT transformations with their
 * arguments, load balancing as ovn-trace emulates it, generated packets, outputs and drops.
 */
import type {
  OvnDrop,
  OvnGenerated,
  OvnHeaders,
  OvnNatAction,
  OvnOutcome,
  OvnOutput,
  OvnStage,
  OvnTrace,
  OvnTraceOptions,
} from './ovn-trace-detailed';

type Result = Omit<OvnTrace, 'microflow' | 'outcome'>;

interface StageHead {
  table: number;
  stage: string;
  match: string;
  priority: number;
}

interface ArpRequest {
  datapath: string;
  stage: string;
  address: string;
}

/** One packet's state along one branch of the printed tree; the result is shared by all branches. */
export class Walk {
  datapath = '';
  outport = '';
  pipeline: 'ingress' | 'egress' = 'ingress';
  stage: OvnStage | null = null;
  generated: OvnGenerated | null = null;
  regs = new Map<string, string>();
  lbDst: { ip: string; port: number | null } | null;
  /** The action line before a ct transformation title, which names its arguments (backends). */
  lastAction = '';
  readonly shared: { arp: ArpRequest[]; lastMainStage: OvnStage | null; flood: OvnStage | null };

  constructor(
    readonly microflow: string,
    public headers: OvnHeaders,
    readonly result: Result,
    lbDst: { ip: string; port: number | null } | null,
    shared?: Walk['shared'],
  ) {
    this.lbDst = lbDst;
    this.shared = shared ?? { arp: [], lastMainStage: null, flood: null };
  }

  fork(): Walk {
    const w = new Walk(this.microflow, { ...this.headers }, this.result, this.lbDst, this.shared);
    w.datapath = this.datapath;
    w.outport = this.outport;
    w.pipeline = this.pipeline;
    w.stage = this.stage;
    w.generated = this.generated;
    w.regs = new Map(this.regs);
    return w;
  }

  enterStage(head: StageHead): void {
    this.stage = { datapath: this.datapath, pipeline: this.pipeline, ...head, actions: [], generated: this.generated?.kind ?? null };
    this.result.stages.push(this.stage);
    if (this.generated === null) this.shared.lastMainStage = this.stage;
  }

  nat(action: string, field: 'src' | 'dst', to: string | null, port: number | null, backends: string[], viaLbDst: boolean): void {
    const from = field === 'src' ? this.headers.src : this.headers.dst;
    const entry: OvnNatAction = {
      datapath: this.datapath,
      stage: this.stage?.stage ?? '',
      action,
      field,
      from,
      to,
      port,
      backends,
      viaLbDst,
    };
    if (this.generated === null) this.result.nat.push(entry);
    if (field === 'src' && to !== null) this.headers.src = to;
    if (field === 'dst') this.headers.dst = to;
    if (port !== null) this.headers.dport = port;
  }

  generate(kind: string): void {
    this.generated = { kind, datapath: this.datapath, stage: this.stage?.stage ?? '' };
    this.result.generated.push(this.generated);
  }

  finish(): OvnTrace {
    return { microflow: this.microflow, ...this.result, outcome: this.outcome() };
  }

  private outcome(): OvnOutcome {
    const arp = this.shared.arp[0];
    if (arp !== undefined)
      return {
        kind: 'arp-request',
        ...arp,
        reached: this.result.outputs.filter((o) => o.generated?.kind === 'arp' && o.type === 'localnet').map((o) => o.port),
      };
    const reply = this.result.generated.find((g) => g.kind !== 'arp' && g.kind !== 'nd_ns');
    if (reply !== undefined) {
      const output = this.result.outputs.find((o) => o.generated === reply) ?? null;
      return { kind: 'reply', generator: reply.kind, datapath: reply.datapath, stage: reply.stage, output };
    }
    const out = this.result.outputs.find((o) => o.generated === null);
    if (out !== undefined) return { kind: 'output', datapath: out.datapath, port: out.port, type: out.type, headers: out.headers };
    const drop = this.result.drops.find((d) => d.generated === null);
    if (drop !== undefined)
      return { kind: 'drop', datapath: drop.datapath, stage: drop.stage, match: drop.match, priority: drop.priority, flood: false };
    const flood = this.shared.flood;
    if (flood !== null && this.result.omitted.length > 0) {
      return { kind: 'drop', datapath: flood.datapath, stage: flood.stage, match: flood.match, priority: flood.priority, flood: true };
    }
    const last = this.shared.lastMainStage;
    return { kind: 'none', datapath: last?.datapath ?? '', stage: last?.stage ?? '' };
  }
}

const MICRO = (flow: string, key: string): string | undefined => new RegExp(`(?:^|,)${key}=([^,]+)`).exec(flow)?.[1];

export function initialHeaders(microflow: string, options: OvnTraceOptions): Walk {
  const num = (key: string): number => Number(MICRO(microflow, key) ?? 0);
  const headers: OvnHeaders = {
    ethSrc: MICRO(microflow, 'dl_src') ?? '',
    ethDst: MICRO(microflow, 'dl_dst') ?? '',
    src: MICRO(microflow, 'nw_src') ?? '',
    dst: MICRO(microflow, 'nw_dst') ?? '',
    sport: num('tp_src'),
    dport: num('tp_dst'),
    ttl: num('nw_ttl'),
  };
  let lbDst: { ip: string; port: number | null } | null = null;
  if (options.lbDst !== undefined) {
    const [ip, port] = options.lbDst.split(':');
    lbDst = { ip: ip ?? '', port: port === undefined ? null : Number(port) };
  }
  const result: Result = { stages: [], nat: [], outputs: [], drops: [], omitted: [], errors: [], generated: [] };
  return new Walk(microflow, headers, result, lbDst);
}

const GENERATORS = new Set(['arp', 'nd_ns', 'nd_na', 'icmp4', 'icmp6', 'tcp_reset', 'sctp_abort']);

/** A title line: a pipeline, a multicast group or a transformation. */
export function applyTitle(walk: Walk, title: string): void {
  const pipe = /^(ingress|egress)\(dp="([^"]+)", inport="([^"]+)"(?:, outport="([^"]+)")?\)$/.exec(title);
  if (pipe !== null) {
    walk.pipeline = pipe[1] === 'ingress' ? 'ingress' : 'egress';
    walk.datapath = pipe[2] ?? '';
    walk.outport = pipe[4] ?? '';
    walk.regs = new Map();
    walk.stage = null;
    return;
  }
  if (title.startsWith('multicast(')) {
    if (walk.generated === null) walk.shared.flood = walk.stage;
    return;
  }
  const nat = /^ct_([sd])nat(in_czone)?(?:\(ip4\.(?:src|dst)=([\d.]+)\))?/.exec(title);
  if (nat !== null) {
    const action = `ct_${nat[1] ?? ''}nat${nat[2] === undefined ? '' : '_in_czone'}`;
    if (nat[3] !== undefined) walk.nat(action, nat[1] === 's' ? 'src' : 'dst', nat[3], null, [], false);
    return;
  }
  const lb = /^(ct_lb_mark|ct_lb)\b/.exec(title);
  if (lb !== null) {
    loadBalance(walk, lb[1] ?? 'ct_lb');
    return;
  }
  const word = title.split(/[ (]/)[0] ?? '';
  if (GENERATORS.has(word)) {
    if (word === 'arp' && walk.generated === null) {
      walk.shared.arp.push({ datapath: walk.datapath, stage: walk.stage?.stage ?? '', address: walk.regs.get('reg0') ?? '?' });
    }
    if (word === 'icmp4' || word === 'icmp6' || word === 'tcp_reset' || word === 'sctp_abort') {
      // execute_icmp4 / execute_tcp_reset: TTL 255; swapped addresses only for `reject`
      // (loopback); `icmp4 { … }` and `tcp_reset { … }` swap them with their own actions.
      const h = walk.headers;
      if (walk.lastAction.startsWith('reject')) {
        [h.ethSrc, h.ethDst] = [h.ethDst, h.ethSrc];
        const src = h.src;
        h.src = h.dst ?? '?';
        h.dst = src;
      }
      h.ttl = 255;
      if (word.startsWith('icmp')) [h.sport, h.dport] = [0, 0];
    }
    walk.generate(word);
  }
  // ct_next(...), ct_commit_nat, clone, select: … change no header this parser tracks.
}

/** ovn-trace's execute_ct_lb: a backend equal to --lb-dst, else the only one, else random; without backends, --lb-dst itself. */
function loadBalance(walk: Walk, action: string): void {
  const args = /ct_lb(?:_mark)?\(backends=([^;)]*)/.exec(walk.lastAction)?.[1];
  const backends = (args ?? '').split(',').filter((b) => b !== '');
  const parse = (b: string): { ip: string; port: number | null } => {
    const [ip, port] = b.split(':');
    return { ip: ip ?? '', port: port === undefined ? null : Number(port) };
  };
  if (backends.length > 0) {
    const all = backends.map(parse);
    const pinned = walk.lbDst === null ? undefined : all.find((b) => b.ip === walk.lbDst?.ip);
    if (pinned !== undefined) walk.lbDst = null;
    const chosen = pinned ?? (all.length === 1 ? all[0] : undefined);
    walk.nat(action, 'dst', chosen?.ip ?? null, chosen?.port ?? null, backends, false);
  } else if (walk.lbDst !== null) {
    const changes = walk.lbDst.ip !== walk.headers.dst || (walk.lbDst.port !== null && walk.lbDst.port !== walk.headers.dport);
    if (changes) walk.nat(action, 'dst', walk.lbDst.ip, walk.lbDst.port, [], true);
  }
}

const ASSIGN = /^(eth\.src|eth\.dst|ip4\.src|ip4\.dst|ip\.ttl|tcp\.src|tcp\.dst|udp\.src|udp\.dst|reg0|reg1) = ([^;]+);$/;

/** An action or comment line of the current stage. */
export function applyAction(walk: Walk, line: string): void {
  walk.stage?.actions.push(line);
  const h = walk.headers;
  const assign = ASSIGN.exec(line);
  if (assign !== null) {
    const [, field, value = ''] = assign;
    switch (field) {
      case 'eth.src':
        h.ethSrc = value;
        break;
      case 'eth.dst':
        h.ethDst = value;
        break;
      case 'ip4.src':
        walk.nat('ip4.src =', 'src', value, null, [], false);
        break;
      case 'ip4.dst':
        walk.nat('ip4.dst =', 'dst', value, null, [], false);
        break;
      case 'ip.ttl':
        h.ttl = Number(value);
        break;
      case 'tcp.src':
      case 'udp.src':
        h.sport = Number(value);
        break;
      case 'tcp.dst':
      case 'udp.dst':
        h.dport = Number(value);
        break;
      case 'reg0':
      case 'reg1':
        walk.regs.set(field, value === 'ip4.dst' ? (h.dst ?? '?') : value);
        break;
      default:
        break;
    }
  } else if (line === 'ip.ttl--;') {
    h.ttl -= 1;
  } else if (line === 'eth.dst <-> eth.src;') {
    [h.ethSrc, h.ethDst] = [h.ethDst, h.ethSrc];
  } else if (line === 'ip4.dst <-> ip4.src;') {
    const src = h.src;
    h.src = h.dst ?? '?';
    h.dst = src;
  } else if (line === 'icmp4.type = 0;' && walk.generated === null && walk.stage?.stage === 'lr_in_ip_input') {
    walk.generate('icmp4-echo-reply');
  } else if (line === 'drop;') {
    const s = walk.stage;
    const drop: OvnDrop = {
      datapath: walk.datapath,
      stage: s?.stage ?? '',
      match: s?.match ?? '',
      priority: s?.priority ?? 0,
      generated: walk.generated?.kind ?? null,
    };
    walk.result.drops.push(drop);
  } else if (line.startsWith('***')) {
    walk.result.errors.push(line);
  } else {
    // ct_snat_to_vip (LB hairpin): ovn-trace leaves the flow as it is and only says what the
    // datapath does, `/* nat(src=<vip>) */`; that statement is taken as the rewrite.
    const toVip = /^\/\* nat\(src=([\d.]+)\) \*\/$/.exec(line);
    if (toVip !== null) walk.nat('ct_snat_to_vip', 'src', toVip[1] ?? '', null, [], false);
    const mac = /^\/\* MAC binding to ([0-9a-f:]+)\. \*\/$/.exec(line);
    if (mac !== null) h.ethDst = mac[1] ?? '';
    if (line === '/* No MAC binding. */') h.ethDst = '00:00:00:00:00:00';
    const out = /^\/\* output to "([^"]+)", type "([^"]*)" \*\/$/.exec(line);
    if (out !== null && out[2] !== 'patch') {
      const output: OvnOutput = {
        datapath: walk.datapath,
        port: out[1] ?? '',
        type: out[2] ?? '',
        headers: { ...h },
        generated: walk.generated,
      };
      walk.result.outputs.push(output);
    }
    if (line.startsWith('/* omitting output')) walk.result.omitted.push({ datapath: walk.datapath, port: walk.outport });
  }
  walk.lastAction = line;
}
