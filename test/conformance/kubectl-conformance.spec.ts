import { kernelConformance } from './kernel-suite';

/**
 * The kernel conformance scenarios of seeds 000 (01), 004 (02) and 003 (30, 31: br_netfilter's
 * bridge-nf-call-iptables and the bridge's own nf_call_iptables) with every snapshot taken through
 * `kubectl hookpath collect` from a fake cluster made of the scenario's namespaces (lib-kubectl.sh):
 * they must pass exactly as with `hookpath collect --netns`. Their namespaces are named hpck-<nn>-*,
 * so this suite and conformance.spec.ts never touch each other's.
 *
 * Needs what conformance.spec.ts needs (root, ip netns); HOOKPATH_SKIP_CONFORMANCE=1 skips it knowingly.
 */

kernelConformance({
  title: 'kernel conformance through kubectl hookpath collect',
  only: ['01-', '02-', '30-', '31-'],
  collect: 'kubectl',
  timeoutMs: 180_000,
});
