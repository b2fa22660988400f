export { evaluateMatch } from './evaluate-match';
export { matchText } from './match-text';
export type { OvnMatchEnv, OvnMatchResult } from './match-env';
