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
  /** The graph the layout belongs to: while a new graph is laid out, the previous pair stays drawn. */
  graph: VisibleGraph | null;
  layout: Layout | null;
  error: Error | null;
  /** A layout of a newer graph is being computed. */
  pending: boolean;
  /** The hash of the layout drawn. */
  key: string | null;
}

/** ELK's layout of a drawn graph, from the localStorage cache when the same input was laid out before. */
export function useLayout(graph: VisibleGraph | null): LayoutState {
  const input = useMemo(() => {
    if (graph === null) return null;
    const elk = toElk(graph);
    return { graph, elk, key: hashText(JSON.stringify(elk)) };
  }, [graph]);
  const [state, setState] = useState<{ graph: VisibleGraph | null; layout: Layout | null; error: Error | null; key: string | null }>({
    graph: null,
    layout: null,
    error: null,
    key: null,
  });
  useEffect(warmLayoutWorker, []);
  useEffect(() => {
    if (input === null) return;
    const cached = readLayout(input.key);
    if (cached !== null) {
      setState({ graph: input.graph, layout: cached, error: null, key: input.key });
      return;
    }
    let live = true;
    runLayout({ graph: input.elk }).then(
      (layout) => {
        writeLayout(input.key, layout);
        if (live) setState({ graph: input.graph, layout, error: null, key: input.key });
      },
      (error: Error) => live && setState((old) => ({ ...old, error, key: input.key })),
    );
    return () => {
      live = false;
    };
  }, [input]);
  return {
    graph: state.graph,
    layout: state.layout,
    error: state.error,
    pending: input !== null && state.key !== input.key,
    key: state.key,
  };
}
