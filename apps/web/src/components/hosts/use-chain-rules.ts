import { useCallback, useEffect, useReducer, useRef } from 'react';
import { CombinedError, useClient } from 'urql';
import type { ChainRuleFragment } from '../../gql/graphql';
import { fetchRulePage, RULE_PAGE_SIZE, type ChainRef } from './chain-rules';

/** Pages read at once. */
const PARALLEL = 4;

interface PagerState {
  key: string;
  pages: Map<number, ChainRuleFragment[]>;
  loading: Set<number>;
  /** The last page to read, once a page has said there is no next one. */
  lastPage: number | null;
  /** The window of rule indexes a view shows. */
  from: number;
  to: number;
  error: CombinedError | null;
}

const fresh = (key: string): PagerState => ({
  key,
  pages: new Map(),
  loading: new Set(),
  lastPage: null,
  from: 0,
  to: 0,
  error: null,
});

export interface ChainRules {
  /** The rule at an index (position - 1), when read. */
  rule: (index: number) => ChainRuleFragment | undefined;
  /** Rules read so far. */
  loaded: number;
  error: CombinedError | null;
  /** The window of indexes on screen: its pages are read first. */
  show: (from: number, to: number) => void;
}

function asError(error: unknown): CombinedError {
  return error instanceof CombinedError
    ? error
    : new CombinedError({ networkError: error instanceof Error ? error : new Error(String(error)) });
}

/**
 * A chain's rules, read a page (100) at a time around the window a view shows, each page asked for
 * directly by position (`afterPosition`), up to PARALLEL at once: rule 50,000 without the 499 pages before it.
 */
export function useChainRules(ref: ChainRef): ChainRules {
  const client = useClient();
  const key = `${ref.snapshotId}\u0000${ref.host}\u0000${ref.table}\u0000${ref.chain}`;
  const state = useRef<PagerState>(fresh(key));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  if (state.current.key !== key) state.current = fresh(key);
  const refRef = useRef(ref);
  refRef.current = ref;

  const pump = useCallback(() => {
    const s = state.current;
    if (s.error !== null) return;
    const first = Math.floor(s.from / RULE_PAGE_SIZE);
    const last = Math.min(Math.floor(s.to / RULE_PAGE_SIZE), s.lastPage ?? Number.MAX_SAFE_INTEGER);
    for (let page = first; page <= last && s.loading.size < PARALLEL; page++) {
      if (s.pages.has(page) || s.loading.has(page)) continue;
      s.loading.add(page);
      fetchRulePage(client, refRef.current, page).then(
        (result) => {
          if (state.current !== s) return;
          s.loading.delete(page);
          s.pages.set(page, result.rules);
          if (!result.hasNextPage) s.lastPage = Math.min(s.lastPage ?? page, page);
          rerender();
          pump();
        },
        (error: unknown) => {
          if (state.current !== s) return;
          s.loading.delete(page);
          s.error = asError(error);
          rerender();
        },
      );
    }
  }, [client]);

  const show = useCallback(
    (from: number, to: number) => {
      const s = state.current;
      if (s.from === from && s.to === to && s.pages.size > 0) return;
      s.from = from;
      s.to = to;
      pump();
    },
    [pump],
  );

  useEffect(() => {
    show(0, RULE_PAGE_SIZE - 1);
  }, [key, show]);

  const s = state.current;
  const rule = useCallback((index: number) => s.pages.get(Math.floor(index / RULE_PAGE_SIZE))?.[index % RULE_PAGE_SIZE], [s, s.pages.size]);
  let loaded = 0;
  for (const page of s.pages.values()) loaded += page.length;
  return { rule, loaded, error: s.error, show };
}
