import { useCallback, useEffect, useReducer, useRef } from 'react';
import { CombinedError, useClient } from 'urql';
import type { ChainRuleFragment } from '../../gql/graphql';
import { fetchRulePage, type ChainRef } from './chain-rules';

interface PagerState {
  key: string;
  rules: ChainRuleFragment[];
  cursor: string | null;
  done: boolean;
  loading: boolean;
  /** Highest rule index a view has asked for. */
  wanted: number;
  error: CombinedError | null;
}

const fresh = (key: string): PagerState => ({ key, rules: [], cursor: null, done: false, loading: false, wanted: -1, error: null });

export interface ChainRules {
  /** Rules loaded so far, in chain order (index = position - 1). */
  rules: readonly ChainRuleFragment[];
  done: boolean;
  error: CombinedError | null;
  /** Ask for every rule up to this index; pages are read in order until it is loaded. */
  want: (index: number) => void;
}

/**
 * A chain's rules, read page by page as a view scrolls towards them. Pages follow each other by cursor,
 * so reaching rule 90,000 reads the pages before it first (in the background, a page per request).
 */
export function useChainRules(ref: ChainRef): ChainRules {
  const client = useClient();
  const key = `${ref.snapshotId}\u0000${ref.host}\u0000${ref.table}\u0000${ref.chain}`;
  const state = useRef<PagerState>(fresh(key));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  if (state.current.key !== key) state.current = fresh(key);
  const refRef = useRef(ref);
  refRef.current = ref;

  const pump = useCallback(async () => {
    const s = state.current;
    while (!s.loading && !s.done && s.error === null && s.rules.length <= s.wanted) {
      s.loading = true;
      try {
        const page = await fetchRulePage(client, refRef.current, s.cursor);
        if (state.current !== s) return;
        s.rules = s.rules.concat(page.rules);
        s.cursor = page.endCursor;
        s.done = !page.hasNextPage || page.rules.length === 0;
      } catch (error) {
        if (state.current !== s) return;
        s.error = error instanceof CombinedError ? error : new CombinedError({ networkError: error instanceof Error ? error : new Error(String(error)) });
      } finally {
        s.loading = false;
      }
      rerender();
    }
  }, [client]);

  const want = useCallback(
    (index: number) => {
      const s = state.current;
      if (index <= s.wanted) return;
      s.wanted = index;
      void pump();
    },
    [pump],
  );

  useEffect(() => {
    want(0);
  }, [key, want]);

  const s = state.current;
  return { rules: s.rules, done: s.done, error: s.error, want };
}
