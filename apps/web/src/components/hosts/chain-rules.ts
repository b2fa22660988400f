import type { Client } from 'urql';
import { graphql } from '../../gql';
import type { ChainRuleFragment } from '../../gql/graphql';

export const ChainRuleFields = graphql(`
  fragment ChainRule on IptablesRule {
    position
    line
    text
    packets
    bytes
    target {
      kind
      name
    }
  }
`);

const ChainRulesQuery = graphql(`
  query ChainRules($id: ID!, $host: String!, $table: String!, $chain: String!, $first: Int!, $after: String) {
    snapshot(id: $id) {
      id
      host(name: $host) {
        name
        iptables {
          table(name: $table) {
            name
            chain(name: $chain) {
              name
              rules(first: $first, after: $after) {
                edges {
                  node {
                    ...ChainRule
                  }
                }
                pageInfo {
                  endCursor
                  hasNextPage
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** Rules per request: the API's cap. */
export const RULE_PAGE_SIZE = 100;

export interface ChainRef {
  snapshotId: string;
  host: string;
  table: string;
  chain: string;
}

export interface RulePage {
  rules: ChainRuleFragment[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One page of a chain's rules after `after` (null: from the first rule). */
export async function fetchRulePage(client: Client, ref: ChainRef, after: string | null): Promise<RulePage> {
  const result = await client
    .query(ChainRulesQuery, { id: ref.snapshotId, host: ref.host, table: ref.table, chain: ref.chain, first: RULE_PAGE_SIZE, after }, { requestPolicy: 'cache-first' })
    .toPromise();
  if (result.error !== undefined) throw result.error;
  const chain = result.data?.snapshot?.host?.iptables?.table?.chain;
  if (chain === null || chain === undefined) return { rules: [], endCursor: null, hasNextPage: false };
  return { rules: chain.rules.edges.map((e) => e.node), endCursor: chain.rules.pageInfo.endCursor ?? null, hasNextPage: chain.rules.pageInfo.hasNextPage };
}
