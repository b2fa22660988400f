/**
 * The flow sets a batch or diff can ask for by name instead of listing its flows: every pod to every
 * Service, every pod to the outside, the outside to everything exposed (EIP, FIP, NodePort, LB).
 */
export const FLOW_GENERATOR_NAMES = ['pods-to-services', 'pods-to-outside', 'outside-to-exposed'] as const;
export type FlowGeneratorName = (typeof FLOW_GENERATOR_NAMES)[number];
