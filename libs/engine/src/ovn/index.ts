export { traceOvn, ovnPlacePort, type OvnTraceOptions } from './trace-ovn';
export { compileOvn, type OvnTopology } from './topology';
export { ovnOwners, type OvnOwner, type OvnOwnerContext, type OvnOwnerIndex, type OvnOwnerRow } from './owners';
