import { kernelConformance } from './kernel-suite';

/**
 * Kernel conformance: every scenario in test/conformance/scenarios builds network namespaces,
 * captures them with `hookpath collect`, sends real packets and records what the kernel did
 * (observed.json); the engine then traces the same packet on the captured snapshot and must
 * agree on every netfilter step, the disposition and the final addresses.
 *
 * Needs root and `ip netns`. Without them the suite fails, unless HOOKPATH_SKIP_CONFORMANCE=1.
 * HOOKPATH_CONFORMANCE_ONLY=<prefix>[,<prefix>...] runs the scenarios whose file name starts with one;
 * HOOKPATH_CONFORMANCE_OUT=<dir> keeps each scenario's files there.
 */

kernelConformance({
  title: 'kernel conformance',
  only: (process.env.HOOKPATH_CONFORMANCE_ONLY ?? '').split(',').filter((p) => p !== ''),
  collect: 'netns',
  timeoutMs: 60_000,
});
