import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { JobFailedFlowsQuery, JobFlowsQuery as JobFlowsData } from '../gql/graphql';

type FlowPage = NonNullable<NonNullable<JobFlowsData['job']>['flows']>;
type FailedPage = NonNullable<NonNullable<JobFailedFlowsQuery['job']>['flows']>;

const JobFlowsQuery = graphql(`
  query JobFlows($id: ID!, $first: Int!, $after: String) {
    job(id: $id) {
      id
      flows(first: $first, after: $after) {
        edges {
          node {
            index
            label
            request
            outcome
            expect
            passed
            failedBranches
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const FailedFlowsQuery = graphql(`
  query JobFailedFlows($id: ID!, $first: Int!, $after: String) {
    job(id: $id) {
      id
      flows(first: $first, after: $after, failedOnly: true) {
        edges {
          node {
            index
            trace
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** A flow of a batch or a diff as stored: the request, the outcome and, when it failed its expectation, the trace. */
export interface StoredFlow {
  index: number;
  label: string | null;
  request: unknown;
  outcome: unknown;
  expect: string | null;
  passed: boolean | null;
  /** 1-based numbers of the trace's paths that did not meet the expectation (empty without branches). */
  failedBranches: number[];
  trace: unknown;
}

export interface FlowsState {
  flows: StoredFlow[];
  /** More flows exist than were read (the caps below). */
  truncated: boolean;
  loading: boolean;
  error: string | null;
}

/** How many flows the page reads, and how many stored traces of failed flows (each can be tens of KiB). */
export const FLOW_CAP = 5000;
export const TRACE_CAP = 600;
/** A page of flows within the API's query cost limit of 10,000 (16 per flow with urql's __typename fields). */
const FLOW_PAGE = 600;

/**
 * The flows of a completed batch or diff, page by page up to FLOW_CAP, with the stored traces of the
 * failed ones (up to TRACE_CAP) merged in. Reading starts when `enabled` (the job completed).
 */
export function useJobFlows(jobId: string, enabled: boolean): FlowsState {
  const client = useClient();
  const [state, setState] = useState<FlowsState>({ flows: [], truncated: false, loading: enabled, error: null });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const read = async () => {
      const flows: StoredFlow[] = [];
      let after: string | null = null;
      let truncated = false;
      for (;;) {
        const page = await client
          .query(JobFlowsQuery, { id: jobId, first: FLOW_PAGE, after }, { requestPolicy: 'network-only' })
          .toPromise();
        if (stopped) return;
        if (page.error !== undefined) throw new Error(page.error.message);
        const connection: FlowPage | null | undefined = page.data?.job?.flows;
        if (connection === null || connection === undefined) break;
        for (const edge of connection.edges) flows.push({ ...edge.node, trace: null });
        setState({ flows: [...flows], truncated: false, loading: true, error: null });
        if (!connection.pageInfo.hasNextPage) break;
        if (flows.length >= FLOW_CAP) {
          truncated = true;
          break;
        }
        after = connection.pageInfo.endCursor ?? null;
      }
      const byIndex = new Map(flows.map((f) => [f.index, f]));
      after = null;
      let traces = 0;
      while (traces < TRACE_CAP) {
        const page = await client.query(FailedFlowsQuery, { id: jobId, first: 100, after }, { requestPolicy: 'network-only' }).toPromise();
        if (stopped) return;
        if (page.error !== undefined) throw new Error(page.error.message);
        const connection: FailedPage | null | undefined = page.data?.job?.flows;
        if (connection === null || connection === undefined) break;
        for (const edge of connection.edges) {
          const flow = byIndex.get(edge.node.index);
          if (flow !== undefined) flow.trace = edge.node.trace;
          traces++;
        }
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor ?? null;
      }
      setState({ flows, truncated, loading: false, error: null });
    };
    read().catch((e: unknown) => {
      if (!stopped) setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e.message : String(e) }));
    });
    return () => {
      stopped = true;
    };
  }, [client, jobId, enabled]);
  return state;
}
