export { FLOW_GENERATOR_NAMES, type FlowGeneratorName, type FlowGeneratorOptions, type GeneratedFlow } from './flow-types';
export { generateFlows, iterateFlows } from './generate-flows';
