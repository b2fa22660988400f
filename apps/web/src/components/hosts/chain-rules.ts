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
  query ChainRules($id: ID!, $host: String!, $table: String!, $chain: String!, $first: Int!, $afterPosition: Int!) {
    snapshot(id: $id) {
      id
      host(name: $host) {
        name
        iptables {
          table(name: $table) {
            name
            chain(name: $chain) {
              name
              rules(first: $first, afterPosition: $afterPosition) {
                edges {
                  node {
                    ...ChainRule
                  }
                }
                pageInfo {
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
  hasNextPage: boolean;
}

/** Page `page` (0-based) of a chain's rules: the RULE_PAGE_SIZE rules after position page × RULE_PAGE_SIZE. */
export async function fetchRulePage(client: Client, ref: ChainRef, page: number): Promise<RulePage> {
  const variables = {
    id: ref.snapshotId,
    host: ref.host,
    table: ref.table,
    chain: ref.chain,
    first: RULE_PAGE_SIZE,
    afterPosition: page * RULE_PAGE_SIZE,
  };
  const result = await client.query(ChainRulesQuery, variables, { requestPolicy: 'cache-first' }).toPromise();
  if (result.error !== undefined) throw result.error;
  const chain = result.data?.snapshot?.host?.iptables?.table?.chain;
  if (chain === null || chain === undefined) return { rules: [], hasNextPage: false };
  return { rules: chain.rules.edges.map((e) => e.node), hasNextPage: chain.rules.pageInfo.hasNextPage };
}
