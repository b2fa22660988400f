import { useEffect, useMemo, useState } from 'react';
import type { VisibleGraph } from './aggregate';
import { fromElk, toElk, type Layout } from './elk-graph';
import { hashText, readLayout, writeLayout } from './layout-cache';
import type { LayoutRequest, LayoutResponse } from './elk.worker';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (layout: Layout) => void; reject: (error: Error) => void }>();

function layoutWorker(): Worker {
  if (worker === null) {
    worker = new Worker(new URL('./elk.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (waiting === undefined) return;
      if (event.data.graph !== undefined) waiting.resolve(fromElk(event.data.graph));
      else waiting.reject(new Error(`layout failed: ${event.data.error}`));
    };
  }
  return worker;
}

function runLayout(request: Omit<LayoutRequest, 'id'>): Promise<Layout> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    layoutWorker().postMessage({ ...request, id } satisfies LayoutRequest);
  });
}

/** Loads the worker (and ELK in it, 1.6 MB) while the topology is still being read. */
export function warmLayoutWorker(): void {
  layoutWorker().postMessage({ warm: true });
}

export interface LayoutState {
  layout: Layout | null;
  error: Error | null;
  /** The cache key (hash of the layout input). */
  key: string | null;
}

/** ELK's layout of a drawn graph, from the localStorage cache when the same input was laid out before. */
export function useLayout(graph: VisibleGraph | null): LayoutState {
  const input = useMemo(() => {
    if (graph === null) return null;
    const elk = toElk(graph);
    const key = hashText(JSON.stringify(elk));
    return { elk, key };
  }, [graph]);
  const [state, setState] = useState<LayoutState>({ layout: null, error: null, key: null });
  useEffect(warmLayoutWorker, []);
  useEffect(() => {
    if (input === null) return;
    const cached = readLayout(input.key);
    if (cached !== null) {
      setState({ layout: cached, error: null, key: input.key });
      return;
    }
    let live = true;
    runLayout({ graph: input.elk }).then(
      (layout) => {
        writeLayout(input.key, layout);
        if (live) setState({ layout, error: null, key: input.key });
      },
      (error: Error) => live && setState({ layout: null, error, key: input.key }),
    );
    return () => {
      live = false;
    };
  }, [input]);
  return input !== null && state.key === input.key ? state : { layout: null, error: null, key: null };
}
