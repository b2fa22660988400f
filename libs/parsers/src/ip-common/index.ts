export { canonicalTable } from './table-name';
export { cidrFromParts, familyOf, isIpAddress, isPrefix, toCidr } from './cidr';
export { TokenCursor, parseUnsigned, parseUnsignedAnyBase, tokenize } from './tokens';
export type { Token } from './tokens';
export { JsonFields, isJsonObject, topLevelObjects } from './json-value';
export type { JsonObject } from './json-value';
export { LineContext } from './line-context';
