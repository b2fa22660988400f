import { test } from 'node:test';
import { kernelConformance } from './kernel-suite';

/**
 * The kernel conformance scenarios of seeds 000 (01), 004 (02) and 003 (30, 31: br_netfilter's
 * bridge-nf-call-iptables and the bridge's own nf_call_iptables) with every snapshot taken through
 * `kubectl hookpath collect` from a fake cluster made of the scenario's namespaces (lib-kubectl.sh):
 * they must pass exactly as with `hookpath collect --netns`. Their namespaces are named hpck-<nn>-*,
 * so this suite and conformance.spec.ts never touch each other's. HOOKPATH_CONFORMANCE_ONLY narrows
 * it as it does conformance.spec.ts (to none of them when it names none of the four).
 *
 * Needs what conformance.spec.ts needs (root, ip netns); HOOKPATH_SKIP_CONFORMANCE=1 skips it knowingly.
 */

const SEEDS = ['01-', '02-', '30-', '31-'];
const asked = (process.env.HOOKPATH_CONFORMANCE_ONLY ?? '').split(',').filter((p) => p !== '');

const TITLE = 'kernel conformance through kubectl hookpath collect';
const only = SEEDS.filter((s) => asked.length === 0 || asked.some((p) => s.startsWith(p) || p.startsWith(s)));

if (only.length === 0)
  test(TITLE, { skip: `HOOKPATH_CONFORMANCE_ONLY=${asked.join(',')} names none of ${SEEDS.join(' ')}` }, () => undefined);
else kernelConformance({ title: TITLE, only, collect: 'kubectl', timeoutMs: 180_000 });
