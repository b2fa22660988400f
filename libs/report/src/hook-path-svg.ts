import type { Disposition, Hook, TraceStep } from '@hookpath/engine';
import { failed, quotedRule } from './decisive-step';
import { clip } from './escape';
import type { HookEntryKind } from './report-document';
import { arrow, badge, COLOURS, cross, diamond, rect, svgDocument, text, wrap, type Tone } from './svg-kit';

/**
 * The netfilter packet-flow picture of one host (after Jan Engelhardt's diagram), drawn from a
 * fixed, hand-placed template: the same boxes in the same places for every host and every trace.
 * Each hook box stacks the functions registered in it in priority order; the boxes the packet
 * passed are numbered 1..n in the order it passed them and lit, the rule that decided is quoted
 * under the picture, and a red ✗ marks where it was dropped.
 */

/** A hook entry as the report document keeps it, or as GraphQL sends it (enum names in capitals). */
export interface HookPathInputEntry {
  kind: HookEntryKind | 'TABLE' | 'CONNTRACK' | 'CONNTRACK_CONFIRM';
  priority: number;
  table: string | null;
  active?: boolean;
}

/** One host's hook as the GraphQL `HookPath` type and the report document's `hookPaths` carry it. */
export interface HookPathInput {
  host: string;
  hook: Hook;
  entries: readonly HookPathInputEntry[];
}

export interface HookPathSvgInput {
  host: string;
  /** Hook paths of this host (those of other hosts are ignored). */
  hookPaths: readonly HookPathInput[];
  /** The steps of one direction of a trace (those of other hosts are ignored); absent for the hooks alone, with no packet. */
  steps?: readonly TraceStep[];
  /** Says which direction the steps are, in the title: `request`, `reply`. */
  direction?: string;
  /** The direction's disposition: DROPPED, REJECTED or UNKNOWN marks where its last step is (when that is on this host). */
  outcome?: Disposition;
}

type BoxId =
  | 'in'
  | 'bridge'
  | 'PREROUTING'
  | 'route-in'
  | 'INPUT'
  | 'ipvs'
  | 'local'
  | 'route-out'
  | 'OUTPUT'
  | 'reroute'
  | 'FORWARD'
  | 'POSTROUTING'
  | 'out';

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  shape: 'box' | 'diamond';
}

const WIDTH = 1064;
const HOOK_W = 180;
const HOOK_H = 150;
const ROW_Y = 485;

/** The template: where every box is. Hook boxes are tall enough for six registered functions. */
const FRAMES: Readonly<Record<BoxId, Frame>> = {
  in: { x: 16, y: ROW_Y - 24, w: 92, h: 48, shape: 'box' },
  bridge: { x: 120, y: ROW_Y - 24, w: 92, h: 48, shape: 'box' },
  PREROUTING: { x: 224, y: 410, w: HOOK_W, h: HOOK_H, shape: 'box' },
  'route-in': { x: 420, y: ROW_Y - 30, w: 100, h: 60, shape: 'diamond' },
  FORWARD: { x: 536, y: 410, w: HOOK_W, h: HOOK_H, shape: 'box' },
  POSTROUTING: { x: 748, y: 410, w: HOOK_W, h: HOOK_H, shape: 'box' },
  out: { x: 948, y: ROW_Y - 24, w: 100, h: 48, shape: 'box' },
  INPUT: { x: 380, y: 170, w: HOOK_W, h: HOOK_H, shape: 'box' },
  ipvs: { x: 200, y: 210, w: 150, h: 50, shape: 'box' },
  local: { x: 390, y: 66, w: 160, h: 48, shape: 'box' },
  'route-out': { x: 780, y: 60, w: 116, h: 60, shape: 'diamond' },
  OUTPUT: { x: 748, y: 170, w: HOOK_W, h: HOOK_H, shape: 'box' },
  reroute: { x: 784, y: 340, w: 108, h: 50, shape: 'diamond' },
};

const HOOK_BOXES: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The arrows of the template, from box to box. */
const EDGES: readonly { from: BoxId; to: BoxId; points: readonly (readonly [number, number])[] }[] = [
  {
    from: 'in',
    to: 'bridge',
    points: [
      [108, ROW_Y],
      [120, ROW_Y],
    ],
  },
  {
    from: 'bridge',
    to: 'PREROUTING',
    points: [
      [212, ROW_Y],
      [224, ROW_Y],
    ],
  },
  {
    from: 'PREROUTING',
    to: 'route-in',
    points: [
      [404, ROW_Y],
      [420, ROW_Y],
    ],
  },
  {
    from: 'route-in',
    to: 'FORWARD',
    points: [
      [520, ROW_Y],
      [536, ROW_Y],
    ],
  },
  {
    from: 'FORWARD',
    to: 'POSTROUTING',
    points: [
      [716, ROW_Y],
      [748, ROW_Y],
    ],
  },
  {
    from: 'POSTROUTING',
    to: 'out',
    points: [
      [928, ROW_Y],
      [948, ROW_Y],
    ],
  },
  {
    from: 'route-in',
    to: 'INPUT',
    points: [
      [470, ROW_Y - 30],
      [470, 320],
    ],
  },
  {
    from: 'INPUT',
    to: 'local',
    points: [
      [470, 170],
      [470, 114],
    ],
  },
  {
    from: 'INPUT',
    to: 'ipvs',
    points: [
      [380, 235],
      [350, 235],
    ],
  },
  {
    from: 'ipvs',
    to: 'route-out',
    points: [
      [275, 210],
      [275, 40],
      [838, 40],
      [838, 60],
    ],
  },
  {
    from: 'local',
    to: 'route-out',
    points: [
      [550, 90],
      [780, 90],
    ],
  },
  {
    from: 'route-out',
    to: 'OUTPUT',
    points: [
      [838, 120],
      [838, 170],
    ],
  },
  {
    from: 'OUTPUT',
    to: 'reroute',
    points: [
      [838, 320],
      [838, 340],
    ],
  },
  {
    from: 'reroute',
    to: 'POSTROUTING',
    points: [
      [838, 390],
      [838, 410],
    ],
  },
];

/** The row label of a registered function: `nat (dstnat)`, `conntrack confirm`, `raw`. */
function entryLabel(entry: HookPathInputEntry): string {
  switch (normalKind(entry.kind)) {
    case 'conntrack':
      return 'conntrack';
    case 'conntrack-confirm':
      return 'conntrack confirm';
    case 'table':
      if (entry.table === 'nat') return entry.priority < 0 ? 'nat (dstnat)' : 'nat (srcnat)';
      return entry.table ?? '?';
  }
}

function normalKind(kind: HookPathInputEntry['kind']): HookEntryKind {
  switch (kind) {
    case 'TABLE':
    case 'table':
      return 'table';
    case 'CONNTRACK':
    case 'conntrack':
      return 'conntrack';
    case 'CONNTRACK_CONFIRM':
    case 'conntrack-confirm':
      return 'conntrack-confirm';
  }
}

const priorityText = (entry: HookPathInputEntry): string =>
  normalKind(entry.kind) === 'conntrack-confirm' ? 'last' : String(entry.priority).replace('-', '−');

/** Whether a step ran in this row of its hook box. */
function inRow(step: TraceStep, entry: HookPathInputEntry): boolean {
  const kind = normalKind(entry.kind);
  if (step.kind === 'netfilter') return kind === 'table' && step.table === entry.table && step.priority === entry.priority;
  if (step.kind !== 'conntrack') return false;
  if (step.table !== undefined) return kind === 'table' && step.table === entry.table && step.priority === entry.priority;
  return kind === 'conntrack-confirm' ? step.priority === entry.priority : kind === 'conntrack' && step.priority === entry.priority;
}

/** Which box of the template a step of this host belongs in, given where the packet was before. */
function boxOf(step: TraceStep, previous: BoxId | null, lastHook: Hook | null, origin: boolean): BoxId {
  switch (step.kind) {
    case 'interface':
      if (step.explanation.startsWith('leaves')) return 'out';
      if (step.explanation.startsWith('arrives')) return 'in';
      return previous === null ? 'in' : 'out';
    case 'bridge':
      return 'bridge';
    case 'netfilter':
    case 'conntrack':
      return step.hook ?? lastHook ?? 'PREROUTING';
    case 'routing':
      if (lastHook === 'OUTPUT' || lastHook === 'POSTROUTING' || lastHook === 'FORWARD') return 'reroute';
      if (lastHook === 'INPUT' || previous === 'ipvs' || (lastHook === null && origin)) return 'route-out';
      return 'route-in';
    case 'rp_filter':
      return 'route-in';
    case 'ipvs':
      return 'ipvs';
    case 'deliver':
      return 'local';
    case 'drop':
    case 'ovn':
      return previous ?? 'route-in';
  }
}

interface Walk {
  /** Box -> its number (first time passed). */
  numbers: Map<BoxId, number>;
  /** Boxes passed, in order, each once. */
  order: BoxId[];
  /** Where the packet was dropped, rejected or stopped. */
  dropped: BoxId | null;
  /** Hook box -> table rows lit, with the last verdict of each. */
  verdicts: Map<Hook, Map<string, string>>;
}

const rowKey = (entry: HookPathInputEntry): string => `${normalKind(entry.kind)}/${entry.table ?? ''}/${entry.priority}`;

function walk(steps: readonly TraceStep[], hooks: ReadonlyMap<Hook, readonly HookPathInputEntry[]>, stoppedAtEnd: boolean): Walk {
  const numbers = new Map<BoxId, number>();
  const order: BoxId[] = [];
  const verdicts = new Map<Hook, Map<string, string>>();
  const first = steps[0];
  const origin = first !== undefined && first.kind !== 'interface' && first.kind !== 'bridge';
  const visit = (box: BoxId): void => {
    if (numbers.has(box)) return;
    numbers.set(box, numbers.size + 1);
    order.push(box);
  };
  if (origin) visit('local');
  let previous: BoxId | null = origin ? 'local' : null;
  let lastHook: Hook | null = null;
  let dropped: BoxId | null = null;
  steps.forEach((step, i) => {
    const box = boxOf(step, previous, lastHook, origin);
    visit(box);
    if ((step.kind === 'netfilter' || step.kind === 'conntrack') && step.hook !== undefined) {
      lastHook = step.hook;
      const entry = (hooks.get(step.hook) ?? []).find((e) => inRow(step, e));
      if (entry !== undefined) {
        const seen = verdicts.get(step.hook) ?? new Map<string, string>();
        const verdict =
          step.kind === 'conntrack'
            ? normalKind(entry.kind) === 'conntrack-confirm'
              ? 'confirmed'
              : step.table === undefined
                ? 'seen'
                : 'NAT'
            : (step.verdict ?? '');
        if (verdict !== 'JUMP' && verdict !== 'RETURN' && verdict !== 'GOTO' && verdict !== 'CONTINUE') seen.set(rowKey(entry), verdict);
        else if (!seen.has(rowKey(entry))) seen.set(rowKey(entry), '');
        verdicts.set(step.hook, seen);
      }
      if (step.kind === 'netfilter' && (step.verdict === 'DROP' || step.verdict === 'REJECT' || step.verdict === 'POLICY_DROP'))
        dropped = box;
    }
    if (step.kind === 'drop' || (stoppedAtEnd && i === steps.length - 1)) dropped = dropped ?? box;
    previous = box;
  });
  return { numbers, order, dropped, verdicts };
}

function toneOf(box: BoxId, w: Walk): Tone {
  if (w.dropped === box) return 'drop';
  return w.numbers.has(box) ? 'lit' : 'idle';
}

/** A verdict short enough for the right end of a row. */
function shortVerdict(verdict: string): string {
  switch (verdict) {
    case 'POLICY_ACCEPT':
      return 'policy';
    case 'POLICY_DROP':
      return 'policy ✗';
    case 'MASQUERADE':
      return 'MASQ';
    case 'confirmed':
      return '✓';
    default:
      return clip(verdict, 8);
  }
}

function hookBox(hook: Hook, entries: readonly HookPathInputEntry[], w: Walk): string[] {
  const f = FRAMES[hook];
  const tone = toneOf(hook, w);
  const out = [rect(f.x, f.y, f.w, f.h, tone), text(f.x + f.w / 2, f.y + 18, hook, { size: 13, anchor: 'middle', weight: 'bold' })];
  const lit = w.verdicts.get(hook) ?? new Map<string, string>();
  if (entries.length === 0) {
    out.push(text(f.x + f.w / 2, f.y + 50, 'no table registered', { size: 11, anchor: 'middle', fill: COLOURS.muted, italic: true }));
    return out;
  }
  entries.slice(0, 6).forEach((entry, i) => {
    const y = f.y + 30 + i * 19;
    const verdict = lit.get(rowKey(entry));
    const active = entry.active !== false;
    if (verdict !== undefined)
      out.push(
        `<rect x="${f.x + 4}" y="${y}" width="${f.w - 8}" height="17" rx="3" fill="${tone === 'drop' && /DROP|REJECT/.test(verdict) ? COLOURS.dropStroke : COLOURS.litStroke}" fill-opacity="0.15"/>`,
      );
    const fill = verdict !== undefined ? COLOURS.ink : active ? COLOURS.ink : COLOURS.muted;
    out.push(text(f.x + 9, y + 13, `${entryLabel(entry)} ${priorityText(entry)}`, { size: 10.5, fill, italic: !active }));
    if (verdict !== undefined && verdict !== '')
      out.push(
        text(f.x + f.w - 8, y + 13, shortVerdict(verdict), {
          size: 10.5,
          anchor: 'end',
          weight: 'bold',
          fill: /DROP|REJECT/.test(verdict) ? COLOURS.dropStroke : COLOURS.litStroke,
        }),
      );
  });
  return out;
}

function plainBox(box: BoxId, lines: readonly string[], w: Walk, dashed = false): string[] {
  const f = FRAMES[box];
  const tone = toneOf(box, w);
  const out: string[] = [];
  if (f.shape === 'diamond') out.push(diamond(f.x + f.w / 2, f.y + f.h / 2, f.w / 2, f.h / 2, tone));
  else out.push(rect(f.x, f.y, f.w, f.h, tone, { dashed }));
  const top = f.y + f.h / 2 - ((lines.length - 1) * 13) / 2 + 4;
  lines.forEach((line, i) =>
    out.push(
      text(f.x + f.w / 2, top + i * 13, line, {
        size: i === 0 ? 11.5 : 10.5,
        anchor: 'middle',
        weight: i === 0 ? 'bold' : 'normal',
        fill: tone === 'idle' ? COLOURS.muted : COLOURS.ink,
      }),
    ),
  );
  return out;
}

/** The interface a step names, for the `in` and `out` boxes. */
function ifaceOf(steps: readonly TraceStep[], box: 'in' | 'out'): string | null {
  const step = steps.find(
    (s) => s.kind === 'interface' && (box === 'in' ? !s.explanation.startsWith('leaves') : s.explanation.startsWith('leaves')),
  );
  return step?.iface ?? null;
}

/** The sentence under the picture: what decided on this host, quoted. */
function decidingLine(steps: readonly TraceStep[], w: Walk): { label: string; content: string } | null {
  const refused = [...steps]
    .reverse()
    .find((s) => s.kind === 'netfilter' && (s.verdict === 'DROP' || s.verdict === 'REJECT' || s.verdict === 'POLICY_DROP'));
  if (refused !== undefined)
    return {
      label: `✗ ${refused.hook ?? ''} ${refused.table ?? ''}/${refused.chain ?? ''} ${refused.verdict ?? ''}:`,
      content: quotedRule(refused) ?? refused.explanation,
    };
  const drop = steps.find((s) => s.kind === 'drop');
  if (drop !== undefined || w.dropped !== null) {
    const index = drop === undefined ? steps.length - 1 : steps.indexOf(drop);
    const before = steps[index - 1];
    const stepText = [
      before !== undefined && before.kind !== 'interface' && before.kind !== 'netfilter' ? before.explanation : null,
      steps[index]?.explanation ?? null,
    ]
      .filter((t): t is string => t !== null)
      .join(' — ');
    const what =
      before !== undefined && before.kind !== 'interface' && before.kind !== 'netfilter' ? before.kind : (steps[index]?.kind ?? 'drop');
    return { label: `✗ dropped here (${what}):`, content: stepText };
  }
  const deciding = [...steps]
    .reverse()
    .find(
      (s) =>
        s.kind === 'netfilter' &&
        s.rule !== null &&
        s.rule !== undefined &&
        s.verdict !== 'JUMP' &&
        s.verdict !== 'RETURN' &&
        s.verdict !== 'GOTO',
    );
  if (deciding === undefined) return null;
  return {
    label: `deciding rule (${deciding.hook ?? ''} ${deciding.table ?? ''}/${deciding.chain ?? ''} ${deciding.verdict ?? ''}):`,
    content: quotedRule(deciding) ?? deciding.explanation,
  };
}

/**
 * The picture as an SVG string. Deterministic: the same input gives the same string. `steps` may
 * hold the whole direction; only this host's steps are drawn.
 */
export function hookPathSvg(input: HookPathSvgInput): string {
  const steps = (input.steps ?? []).filter((s) => s.host === input.host);
  const hooks = new Map<Hook, HookPathInputEntry[]>();
  for (const path of input.hookPaths) {
    if (path.host !== input.host) continue;
    hooks.set(
      path.hook,
      [...path.entries].sort((a, b) => a.priority - b.priority),
    );
  }
  const last = input.steps?.at(-1);
  const stoppedAtEnd = last !== undefined && last.host === input.host && input.outcome !== undefined && failed(input.outcome);
  const w = walk(steps, hooks, stoppedAtEnd);
  const hasBridge = steps.some((s) => s.kind === 'bridge');
  const hasIpvs = steps.some((s) => s.kind === 'ipvs');
  const body: string[] = [];
  const direction = input.direction === undefined ? '' : ` (${input.direction})`;
  body.push(text(16, 22, `netfilter hooks on ${input.host}${direction}`, { size: 15, weight: 'bold' }));
  body.push(
    text(16, 40, 'boxes the packet passed are numbered in order; each hook lists the tables registered in it by priority', {
      size: 11,
      fill: COLOURS.muted,
    }),
  );

  for (const edge of EDGES) {
    if ((edge.from === 'bridge' || edge.to === 'bridge') && !hasBridge) continue;
    if ((edge.from === 'ipvs' || edge.to === 'ipvs') && !hasIpvs) continue;
    body.push(arrow(edge.points, w.numbers.has(edge.from) && w.numbers.has(edge.to)));
  }
  if (!hasBridge)
    body.push(
      arrow(
        [
          [108, ROW_Y],
          [224, ROW_Y],
        ],
        w.numbers.has('in') && w.numbers.has('PREROUTING'),
      ),
    );

  for (const hook of HOOK_BOXES) body.push(...hookBox(hook, hooks.get(hook) ?? [], w));
  const inIface = ifaceOf(steps, 'in');
  const outIface = ifaceOf(steps, 'out');
  body.push(...plainBox('in', ['in', ...(inIface === null ? [] : [clip(inIface, 13)])], w));
  body.push(...plainBox('out', ['out', ...(outIface === null ? [] : [clip(outIface, 14)])], w));
  if (hasBridge) body.push(...plainBox('bridge', ['bridge', 'br_netfilter'], w));
  if (hasIpvs) body.push(...plainBox('ipvs', ['IPVS', 'ip_vs (LOCAL_IN)'], w));
  body.push(...plainBox('local', ['local process'], w));
  body.push(
    ...plainBox(
      'route-in',
      steps.some((s) => s.kind === 'rp_filter') ? ['routing', 'decision', '+ rp_filter'] : ['routing', 'decision'],
      w,
    ),
  );
  body.push(...plainBox('route-out', ['routing', 'decision'], w));
  body.push(...plainBox('reroute', ['reroute', 'check'], w));

  for (const box of w.order) {
    const f = FRAMES[box];
    const number = w.numbers.get(box) ?? 0;
    const [bx, by] = f.shape === 'diamond' ? [f.x + 8, f.y + f.h / 2 - 14] : [f.x + 2, f.y + 2];
    body.push(badge(bx, by, String(number), toneOf(box, w)));
  }
  if (w.dropped !== null) {
    const f = FRAMES[w.dropped];
    body.push(cross(f.x + f.w - 4, f.y + 4));
  }

  const deciding = decidingLine(steps, w);
  let height = 580;
  if (deciding !== null) {
    const lines = wrap(deciding.content, 150, 3);
    body.push(
      text(16, 594, deciding.label, { size: 12, weight: 'bold', fill: deciding.label.startsWith('✗') ? COLOURS.dropStroke : COLOURS.ink }),
    );
    lines.forEach((line, i) => body.push(text(16, 612 + i * 15, line, { size: 11, mono: true })));
    height = 620 + lines.length * 15;
  }
  if (steps.length === 0 && input.steps !== undefined)
    body.push(text(WIDTH / 2, 150, `the packet has no step on ${input.host}`, { size: 13, anchor: 'middle', fill: COLOURS.muted }));

  const passed = w.order.map((box) => `${w.numbers.get(box) ?? 0} ${box}`).join(', ');
  const outcome = w.dropped === null ? '' : `; dropped at ${w.dropped}`;
  return svgDocument(
    WIDTH,
    height,
    `netfilter hooks on ${input.host}${direction}`,
    `Boxes passed in order: ${passed === '' ? 'none' : passed}${outcome}.`,
    body,
  );
}
