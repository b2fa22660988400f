export { compileOvn } from './compile-ovn';
export type { CompiledOvn } from './compiled-ovn';
export { evaluateMatch, matchText, type OvnMatchEnv, type OvnMatchResult } from './match';
export { ovnOwners, type OvnOwner, type OvnOwnerContext, type OvnOwnerIndex, type OvnOwnerRow } from './owners';
