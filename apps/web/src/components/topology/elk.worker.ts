// Runs ELK off the main thread: the layout of a few hundred nested nodes takes long enough to freeze a page.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutResponse = { id: number; graph: ElkNode; error?: undefined } | { id: number; graph?: undefined; error: string };

const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, graph } = event.data;
  elk.layout(graph).then(
    (result) => scope.postMessage({ id, graph: result } satisfies LayoutResponse),
    (error: unknown) => scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies LayoutResponse),
  );
};
