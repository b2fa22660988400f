import type { OvnAcl, OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import { ACL_STAGES, type AclStageName, type CompiledSwitch } from '../ovn/compiled-ovn';
import { evaluateMatch } from '../ovn/match';
import { ovnDrop, ovnStep, ovnUnknown, rowObject } from './ovn-step';
import { packetMatchEnv } from '../ovn/packet-match-env';
import type { SwitchCt } from './switch-conntrack';

export const aclText = (acl: OvnAcl): string =>
  `${acl.direction} priority ${acl.priority ?? '?'} match "${acl.match}" action ${acl.action}${acl.name === undefined || acl.name === null || acl.name === '' ? '' : ` (${acl.name})`}`;

/** ls_in_stateful / ls_out_stateful: a new connection allowed on a stateful switch is committed in the port's zone. */
function commitIfNew(walk: Walk, ct: SwitchCt, packet: Packet, why: string): void {
  if (ct.zone === null || ct.state !== 'new' || ct.committed) return;
  ct.conn = walk.ovnCt.commit(ct.zone, packet, {}, why);
  ct.committed = true;
}

/**
 * The ACL stages of a switch (ls_in_acl, ls_in_acl_after_lb, ls_out_acl): the highest-priority
 * ACL whose match holds decides; on a stateful switch replies of committed connections pass
 * without ACLs (priority 65532) and new connections that pass are committed. Null: go on.
 */
export function aclStage(
  walk: Walk,
  sw: CompiledSwitch,
  stage: AclStageName,
  inport: OvnSwitchPort,
  outport: OvnSwitchPort | null,
  packet: Packet,
  ct: SwitchCt,
): Outcome | null {
  const { direction, afterLb } = ACL_STAGES[stage];
  const ovn = walk.snapshot.ovn;
  if (ovn === null) return null;
  if (sw.aclStages === null) {
    if (afterLb) return null;
    return ovnUnknown(
      walk,
      sw.name,
      stage,
      `the ${direction} ACLs of ${sw.name} are not known: ${sw.aclsMissing ?? 'not captured'}`,
      packet,
    );
  }
  const { acls, index, tiered } = sw.aclStages[stage];
  // ACL tiers (OVN 23.09) cannot be held against the OVN here (23.03 has none): not modelled.
  if (tiered !== undefined)
    return ovnUnknown(walk, sw.name, stage, `ACL ${aclText(tiered.acl)} is in tier ${tiered.tier}; ACL tiers are not modelled`, packet);
  const tracked = ct.state !== 'untracked';
  if (ct.state === 'est' && ct.reply && ct.conn !== null && !ct.conn.blocked) {
    if (acls.length > 0)
      ovnStep(
        walk,
        sw.name,
        stage,
        packet,
        `A reply of an established connection: allowed without the ${direction} ACLs (priority 65532, ct.est && ct.rpl).`,
      );
    return null;
  }
  // the ACLs whose match may hold, in order (a stage without ACLs needs no view of the packet)
  if (acls.length > 0) {
    const env = packetMatchEnv(
      ovn,
      packet,
      inport.name,
      outport?.name ?? null,
      tracked ? { tracked, state: ct.state === 'est' ? 'est' : 'new', reply: ct.reply } : null,
    );
    for (const row of index.candidates(env)) {
      const acl = acls[row].acl;
      if (acl.matchExpr === undefined || acl.matchExpr === null)
        return ovnUnknown(walk, sw.name, stage, `the match of ACL ${aclText(acl)} could not be read`, packet);
      const result = evaluateMatch(acl.matchExpr, env);
      if ('unknown' in result)
        return ovnUnknown(
          walk,
          sw.name,
          stage,
          `ACL ${aclText(acl)} tests ${result.unknown}, which the engine does not know for this packet`,
          packet,
        );
      if (!result.value) continue;
      // the row's owner and text only for the ACL that matches
      const object = rowObject(walk, 'ACL', acl, aclText(acl), { switch: sw.name });
      switch (acl.action) {
        case 'allow':
        case 'allow-related': {
          const commit =
            tracked && ct.state === 'new'
              ? `; the new connection is committed in the zone of ${(ct.zone ?? '').slice(4)} (ls_${direction === 'to-lport' ? 'out' : 'in'}_stateful)`
              : '';
          commitIfNew(walk, ct, packet, `allowed by ACL ${aclText(acl)}`);
          ovnStep(walk, sw.name, stage, packet, `Allowed by ACL ${aclText(acl)}${commit}.`, { object });
          return null;
        }
        case 'allow-stateless':
          ovnStep(walk, sw.name, stage, packet, `Allowed by ACL ${aclText(acl)}, without conntrack.`, { object });
          return null;
        case 'drop':
          if (ct.conn !== null) ct.conn.blocked = true;
          return ovnDrop(walk, sw.name, stage, 'OVN_ACL', packet, `Dropped by ACL ${aclText(acl)}.`, object);
        case 'reject': {
          const answer = packet.proto === 'tcp' ? 'a TCP reset' : 'an ICMP unreachable';
          ovnStep(walk, sw.name, stage, packet, `Rejected by ACL ${aclText(acl)}: the packet is dropped and ${answer} goes back.`, {
            object,
          });
          return { disposition: 'REJECTED', dropReason: 'OVN_ACL', host: sw.name, iface: null, packet, ovn: true };
        }
        default:
          return ovnUnknown(walk, sw.name, stage, `ACL action "${acl.action}" of ${aclText(acl)} is not modelled`, packet);
      }
    }
  }
  commitIfNew(walk, ct, packet, `no ACL of ${sw.name} matched (allowed by default)`);
  if (acls.length > 0) ovnStep(walk, sw.name, stage, packet, `No ${direction} ACL of ${sw.name} matches: allowed by default.`);
  return null;
}
