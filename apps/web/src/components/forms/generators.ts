import type { FlowExpectation, FlowGeneratorInput, FlowGeneratorName } from '../../gql/graphql';

/** The flow generators of a batch or diff, as the URL lists them (`gen=pods-to-services,pods-to-outside`). */
export const GENERATORS: readonly { id: string; name: FlowGeneratorName; label: string; hint: string }[] = [
  { id: 'pods-to-services', name: 'PODS_TO_SERVICES', label: 'Pods to services', hint: 'every pod to every service VIP and port' },
  { id: 'pods-to-outside', name: 'PODS_TO_OUTSIDE', label: 'Pods to outside', hint: 'every pod to the outside addresses' },
  { id: 'outside-to-exposed', name: 'OUTSIDE_TO_EXPOSED', label: 'Outside to exposed', hint: 'the outside to every EIP, FIP and NodePort' },
];

export const EXPECTATIONS: readonly FlowExpectation[] = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN', 'SAME_AS_BASE'];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The URL's generator list as ids it knows, in the order of GENERATORS. */
export function generatorIds(value: string | undefined): string[] {
  const set = new Set((value ?? '').split(',').map((s) => s.trim()));
  return GENERATORS.filter((g) => set.has(g.id)).map((g) => g.id);
}

/** The outside addresses typed (commas or spaces between), the valid IPv4 ones. */
export function outsideAddresses(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((a) => IPV4.test(a));
}

/** The GraphQL generator inputs for the chosen ids; `outside` goes to PODS_TO_OUTSIDE. */
export function generatorInputs(ids: readonly string[], outside: readonly string[]): FlowGeneratorInput[] {
  return GENERATORS.filter((g) => ids.includes(g.id)).map((g) =>
    g.name === 'PODS_TO_OUTSIDE' && outside.length > 0 ? { name: g.name, outside: [...outside] } : { name: g.name },
  );
}
