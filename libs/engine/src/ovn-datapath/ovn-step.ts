import type { OvnTable } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { CompiledVip } from '../ovn/compiled-ovn';
import type { OvnOwnerContext, OvnOwnerRow } from '../ovn/owners';
import { packetView, type Outcome, type Walk } from '../walk/walk';
import type { DropReason, OvnStepObject, TraceStep } from '../trace/trace';

export interface OvnStepFields {
  /** The logical port the packet leaves by, on a step that outputs it. */
  iface?: string;
  object?: OvnStepObject;
}

/** Records one decision of the logical pipeline, named as ovn-northd names its stage. */
export function ovnStep(
  walk: Walk,
  datapath: string,
  stage: string,
  packet: Packet,
  explanation: string,
  fields: OvnStepFields = {},
): void {
  const step: TraceStep = { host: datapath, kind: 'ovn', datapath, stage, explanation };
  if (fields.object !== undefined) step.object = fields.object;
  if (walk.ovnChassis !== null) step.chassis = walk.ovnChassis;
  if (fields.iface !== undefined) step.iface = fields.iface;
  step.packetAfter = packetView(packet);
  walk.steps.push(step);
}

/** Ends the trace in OVN with a drop at `stage`. */
export function ovnDrop(
  walk: Walk,
  datapath: string,
  stage: string,
  reason: DropReason,
  packet: Packet,
  explanation: string,
  object?: OvnStepObject,
): Outcome {
  ovnStep(walk, datapath, stage, packet, explanation, object === undefined ? {} : { object });
  return { disposition: 'DROPPED', dropReason: reason, host: datapath, iface: null, packet, ovn: true };
}

/** Ends the trace where the engine cannot decide; `what` names what is missing or not modelled. */
export function ovnUnknown(walk: Walk, datapath: string, stage: string, what: string, packet: Packet): Outcome {
  ovnStep(walk, datapath, stage, packet, `cannot decide: ${what}`);
  return { disposition: 'UNKNOWN', dropReason: what, host: datapath, iface: null, packet, ovn: true };
}

/** The northbound row behind a step, with the kube-ovn object that owns it when the snapshot says. */
export function rowObject(walk: Walk, table: OvnTable, row: OvnOwnerRow, text: string, context?: OvnOwnerContext): OvnStepObject {
  const owner = walk.snapshot.ovn?.owners.ownerOf(table, row, context) ?? null;
  return { table, uuid: row.uuid ?? null, text, owner };
}

/** A load balancer VIP's row: its owner is the Service (or OvnDnatRule) the VIP serves, else the load balancer's. */
export function vipObject(walk: Walk, vip: CompiledVip): OvnStepObject {
  const owner = walk.snapshot.ovn?.owners.vipOwner(vip.lb, vip.vip)?.text ?? null;
  return {
    table: 'Load_Balancer',
    uuid: vip.lb.uuid,
    text: `${vip.lb.name} ${vip.vip} -> ${vip.backends.map((b) => b.text).join(',')}`,
    owner,
  };
}
