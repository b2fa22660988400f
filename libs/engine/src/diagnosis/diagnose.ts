import type { CompiledSnapshot } from '../walk/compiled';
import type { Diagnosis, Trace } from '../trace/trace';
import { bridgeNfDiagnosis, ipForwardDiagnosis, masqueradeSourceDiagnoses, noRouteBackDiagnosis } from './path-diagnoses';
import { ovnDiagnoses } from './ovn-diagnoses';
import { ruleDropsDiagnosis } from './rule-drops';

function add(trace: Trace, d: Diagnosis | null): void {
  if (d === null) return;
  if (!trace.diagnosis.some((x) => x.code === d.code && x.message === d.message)) trace.diagnosis.push(d);
}

function diagnoseDirection(compiled: CompiledSnapshot, trace: Trace): void {
  for (const d of masqueradeSourceDiagnoses(compiled, trace)) add(trace, d);
  add(trace, ruleDropsDiagnosis(trace));
  add(trace, ipForwardDiagnosis(compiled, trace));
  for (const d of ovnDiagnoses(trace)) add(trace, d);
}

/**
 * Reads a finished trace (and its reply, for a round trip) with the snapshot it ran on and adds
 * the root causes it can name, each with evidence and the fix as commands. Diagnoses found while
 * walking (stale conntrack entries, strict rp_filter on an asymmetric path) are already there.
 */
export function diagnoseTrace(compiled: CompiledSnapshot, trace: Trace): void {
  diagnoseDirection(compiled, trace);
  const reply = trace.reply;
  if (reply === undefined) return;
  diagnoseDirection(compiled, reply);
  add(reply, noRouteBackDiagnosis(compiled, trace, reply));
  add(reply, bridgeNfDiagnosis(compiled, trace, reply));
}
