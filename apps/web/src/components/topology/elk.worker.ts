// Runs ELK off the main thread: the layout of a few hundred nested nodes takes long enough to freeze a page.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutResponse = { id: number; graph: ElkNode; error?: undefined } | { id: number; graph?: undefined; error: string };

/** The canvas is about twice as wide as it is high. */
const CANVAS_ASPECT = 2;

/** Above this many top-level boxes, no second direction is tried. */
const LARGE_ROOT = 60;

const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** How large the drawing shows when fitted to the canvas: the larger, the more readable. */
function fitScale(g: ElkNode): number {
  const w = Math.max(1, g.width ?? 1);
  const h = Math.max(1, g.height ?? 1);
  return Math.min(CANVAS_ASPECT / w, 1 / h);
}

/**
 * Top to bottom first; a drawing far wider than the canvas (a segment or router with many hosts under
 * it) is laid out left to right as well, and the one that shows larger wins. Same input, same choice.
 */
async function layout(graph: ElkNode): Promise<ElkNode> {
  const down = await elk.layout(structuredClone(graph));
  if ((down.width ?? 0) <= (down.height ?? 0) * CANVAS_ASPECT * 1.5) return down;
  // A large drawing is laid out once: a second direction would double the wait.
  if ((graph.children?.length ?? 0) > LARGE_ROOT) return down;
  const right = await elk.layout({ ...structuredClone(graph), layoutOptions: { ...graph.layoutOptions, 'elk.direction': 'RIGHT' } });
  return fitScale(right) > fitScale(down) ? right : down;
}

scope.onmessage = (event: MessageEvent<LayoutRequest | { warm: true }>) => {
  if ('warm' in event.data) return;
  const { id, graph } = event.data;
  layout(graph).then(
    (result) => scope.postMessage({ id, graph: result } satisfies LayoutResponse),
    (error: unknown) => scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies LayoutResponse),
  );
};
