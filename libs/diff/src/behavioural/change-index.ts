import type { TraceStep } from '@hookpath/engine';
import type { StructuralChange } from '../structural/change';
import type { StructuralDiff } from '../structural/structural-diff';
import type { Cause, CauseKind } from './cause';

const ruleKey = (host: string, table: string, chain: string, text: string): string => `${host}\u0000${table}\u0000${chain}\u0000${text}`;
const chainKey = (host: string, table: string, chain: string): string => `${host}\u0000${table}\u0000${chain}`;

function sideText(change: StructuralChange): { base?: string; target?: string } {
  return {
    ...(change.before === undefined ? {} : { base: change.before }),
    ...(change.after === undefined ? {} : { target: change.after }),
  };
}

function verb(change: StructuralChange): string {
  if (change.before === undefined) return 'added';
  if (change.after === undefined) return 'removed';
  return 'changed';
}

function ruleCause(change: StructuralChange): Cause {
  const p = change.place;
  const position = p.position?.target ?? p.position?.base;
  const line = p.line?.target ?? p.line?.base;
  return {
    kind: 'rule',
    host: p.host ?? '',
    description: `rule ${verb(change)}: table ${p.table ?? '?'}, chain ${p.chain ?? '?'}, position ${position ?? '?'}${line === undefined ? '' : ` (line ${line})`}`,
    ...sideText(change),
  };
}

function objectCause(kind: CauseKind, change: StructuralChange, what: string): Cause {
  return {
    kind,
    host: change.place.host ?? '',
    description: `${what} ${verb(change)}${change.place.key === undefined ? '' : `: ${change.place.key}`}`,
    ...sideText(change),
  };
}

/**
 * The structural changes a trace step can rest on, indexed so that naming the cause of one flow
 * costs O(changes on that host) per step, not a search of the snapshot.
 */
export class ChangeIndex {
  private readonly rules = new Map<string, StructuralChange>();
  private readonly policies = new Map<string, StructuralChange>();
  private readonly byHost = new Map<string, StructuralChange[]>();
  private readonly ovn: StructuralChange[] = [];
  /** OVN changes by the UUID of their row on either side (the row a trace step names). */
  private readonly ovnByUuid = new Map<string, StructuralChange>();

  constructor(diff: StructuralDiff) {
    for (const change of diff.changes) {
      const p = change.place;
      if (change.kind === 'iptables.rule.added' || change.kind === 'iptables.rule.removed') {
        const text = change.after ?? change.before ?? '';
        this.rules.set(ruleKey(p.host ?? '', p.table ?? '', p.chain ?? '', text), change);
      } else if (change.kind === 'iptables.chain.policy-changed') {
        this.policies.set(chainKey(p.host ?? '', p.table ?? '', p.chain ?? ''), change);
      } else if (change.kind.startsWith('ovn.')) {
        this.ovn.push(change);
        for (const uuid of [p.ovnUuid?.base, p.ovnUuid?.target])
          if (uuid !== undefined && !this.ovnByUuid.has(uuid)) this.ovnByUuid.set(uuid, change);
      } else if (p.host !== undefined) {
        const list = this.byHost.get(p.host);
        if (list === undefined) this.byHost.set(p.host, [change]);
        else list.push(change);
      }
    }
  }

  /** The structural change this step shows, or null when the step rests on nothing that changed. */
  causeOf(step: TraceStep): Cause | null {
    const host = this.byHost.get(step.host) ?? [];
    const mentions = (text: string | undefined): boolean => text !== undefined && text !== '' && step.explanation.includes(text);
    switch (step.kind) {
      case 'netfilter': {
        if (step.rule !== undefined && step.rule !== null) {
          const change = this.rules.get(ruleKey(step.host, step.table ?? '', step.chain ?? '', step.rule));
          if (change !== undefined) return ruleCause(change);
          const set = host.find(
            (c) => c.kind.startsWith('ipset.') && c.place.ipset !== undefined && step.rule?.includes(` ${c.place.ipset} `) === true,
          );
          return set === undefined ? null : objectCause('ipset', set, `ipset ${set.place.ipset ?? ''}`);
        }
        const change = this.policies.get(chainKey(step.host, step.table ?? '', step.chain ?? ''));
        return change === undefined
          ? null
          : {
              kind: 'policy',
              host: step.host,
              description: `policy of ${step.table ?? '?'}/${step.chain ?? '?'} changed`,
              ...sideText(change),
            };
      }
      case 'routing': {
        for (const c of host) {
          if (
            c.kind.startsWith('ip-rule.') &&
            c.place.key !== undefined &&
            step.explanation.includes(`ip rule ${c.place.key.split(':')[0]} `)
          )
            return objectCause('policy-rule', c, 'ip rule');
        }
        for (const c of host) {
          if (c.kind.startsWith('route.') && (mentions(c.after?.split(' ; ')[0]) || mentions(c.before?.split(' ; ')[0])))
            return objectCause('route', c, `route in table ${c.place.table ?? '?'}`);
        }
        for (const c of host) {
          if (c.kind.startsWith('address.') && c.place.key !== undefined && mentions(c.place.key.split('/')[0]))
            return objectCause('address', c, `address on ${c.place.iface ?? '?'}`);
        }
        return null;
      }
      case 'rp_filter':
        // The kernel uses max(conf.all, conf.<iface>): either key can be the one that changed.
        return (
          this.sysctlCause(host, (key) => key === `net.ipv4.conf.${step.iface ?? ''}.rp_filter` || key === 'net.ipv4.conf.all.rp_filter') ??
          this.sysctlCause(host, (key) => key.endsWith('.rp_filter'))
        );
      case 'bridge':
        return this.sysctlCause(host, (key) => key.startsWith('net.bridge.'));
      case 'conntrack': {
        const c = host.find((x) => x.kind.startsWith('conntrack.') && (mentions(x.after) || mentions(x.before)));
        return c === undefined ? null : objectCause('conntrack', c, 'conntrack entry');
      }
      case 'ipvs': {
        const c = host.find((x) => x.kind.startsWith('ipvs.') && x.place.key !== undefined && mentions(x.place.key.split(' ')[1]));
        return c === undefined ? null : objectCause('ipvs', c, 'IPVS');
      }
      case 'ovn': {
        const c = this.ovnCause(step);
        return c === null ? null : { kind: 'ovn', host: '', description: `OVN ${c.place.ovn ?? ''} ${verb(c)}`, ...sideText(c) };
      }
      case 'interface': {
        const c = host.find((x) => (x.kind.startsWith('interface.') || x.kind.startsWith('address.')) && x.place.iface === step.iface);
        return c === undefined
          ? null
          : objectCause('interface', c, `interface ${step.iface ?? '?'}${c.place.field === undefined ? '' : ` ${c.place.field}`}`);
      }
      case 'deliver':
      case 'drop':
        return this.sysctlCause(
          host,
          (key) =>
            step.explanation.includes(key) ||
            (key.endsWith('forwarding') || key === 'net.ipv4.ip_forward' ? /forward/i.test(step.explanation) : false),
        );
      default: {
        const unreachable: never = step.kind;
        return unreachable;
      }
    }
  }

  /**
   * The OVN change an OVN step rests on: the row that decided (by UUID), else an address set or
   * port group its match names (`$name`, `@name`), else a changed object the explanation mentions.
   */
  private ovnCause(step: TraceStep): StructuralChange | null {
    const uuid = step.object?.uuid;
    const row = uuid === undefined || uuid === null ? undefined : this.ovnByUuid.get(uuid);
    if (row !== undefined) return row;
    for (const m of `${step.object?.text ?? ''} ${step.explanation}`.matchAll(/([$@])([A-Za-z0-9_.:-]*[A-Za-z0-9_])/g)) {
      const path = `${m[1] === '$' ? 'address_set' : 'port_group'}/${m[2] ?? ''}`;
      const set = this.ovn.find(
        (x) => x.place.ovn === path || (x.place.ovn?.startsWith(`${path}/`) === true && !x.kind.startsWith('ovn.acl.')),
      );
      if (set !== undefined) return set;
    }
    // ACL and policy steps name their row; their match words ("to-lport", "ip4.src") would mention every ACL.
    const mentioned = this.ovn.find((x) => {
      if (x.kind.startsWith('ovn.acl.') || x.kind.startsWith('ovn.policy.') || x.kind.startsWith('ovn.capture.')) return false;
      const last = (x.place.ovn ?? '').split('/').pop() ?? '';
      return last.split(' ').some((word) => word.length > 3 && step.explanation.includes(word));
    });
    return mentioned ?? null;
  }

  private sysctlCause(host: readonly StructuralChange[], match: (key: string) => boolean): Cause | null {
    const c = host.find((x) => x.kind.startsWith('sysctl.') && x.place.key !== undefined && match(x.place.key));
    return c === undefined
      ? null
      : { kind: 'sysctl', host: c.place.host ?? '', description: `sysctl ${c.place.key ?? ''} ${verb(c)}`, ...sideText(c) };
  }
}
