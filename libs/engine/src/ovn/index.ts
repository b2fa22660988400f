export { traceOvn, ovnPlacePort, type OvnTraceOptions } from './trace-ovn';
export { compileOvn, type OvnTopology } from './topology';
