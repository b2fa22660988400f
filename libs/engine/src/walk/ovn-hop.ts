import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Outcome } from './walk';
import type { CompiledRouter, CompiledSwitch, RouterPortRef } from '../ovn/compiled-ovn';

/** Where a packet is in the logical topology between two pipeline passes. */
export type OvnHop =
  /** Entering a switch's ingress pipeline from `inport`. */
  | { at: 'ls_in'; sw: CompiledSwitch; inport: OvnSwitchPort; packet: Packet }
  /** A switch's egress pipeline towards `outport`. */
  | { at: 'ls_out'; sw: CompiledSwitch; inport: OvnSwitchPort; outport: OvnSwitchPort; packet: Packet }
  /** Entering a router's ingress pipeline from `inport` (from: the stage to start at, for packets a router generates). */
  | { at: 'lr_in'; lr: CompiledRouter; inport: RouterPortRef; packet: Packet; from?: 'lr_in_ip_routing' }
  /** A router's egress pipeline towards `outport`; `nexthop` is reg0. */
  | { at: 'lr_out'; lr: CompiledRouter; inport: RouterPortRef; outport: RouterPortRef; packet: Packet; nexthop: string }
  /** Output to a VIF or localnet port: the packet leaves the logical topology there. */
  | { at: 'port'; sw: CompiledSwitch; port: OvnSwitchPort; packet: Packet };

export type OvnAdvance = OvnHop | Outcome;

export const isOvnOutcome = (a: OvnAdvance): a is Outcome => 'disposition' in a;
