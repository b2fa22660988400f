import { generateFlows, type FlowGeneratorName, type FlowGeneratorOptions, type GeneratedFlow } from '@hookpath/engine';

function flowKey(f: GeneratedFlow): string {
  const p = f.packet;
  return [f.from, p.src, p.dst, p.proto, p.sport ?? '', p.dport ?? '', p.icmpId ?? '', p.mark ?? ''].join('|');
}

/**
 * The generated flows of a diff: each generator runs on both snapshots, so a flow that exists on
 * one side only (an EIP bound after the change, a Service removed by it) is traced on both; a flow
 * both sides give is kept once, in base-then-target order.
 */
export function generateDiffFlows(
  base: Parameters<typeof generateFlows>[0],
  target: Parameters<typeof generateFlows>[0],
  generators: readonly FlowGeneratorName[],
  options: FlowGeneratorOptions = {},
): GeneratedFlow[] {
  const seen = new Set<string>();
  const flows: GeneratedFlow[] = [];
  for (const name of generators) {
    for (const model of [base, target]) {
      for (const flow of generateFlows(model, name, options)) {
        const key = flowKey(flow);
        if (seen.has(key)) continue;
        seen.add(key);
        flows.push(flow);
      }
    }
  }
  return flows;
}
