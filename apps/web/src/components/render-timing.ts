import { useEffect, useMemo, useRef } from 'react';

/**
 * Records a performance measure `name` from the render that first saw `startKey` to the frame after the
 * one in which `done` held (layout and paint included). `npm run bench -- portal` reads these measures;
 * they cost one timestamp per change and are visible in the browser's performance panel.
 */
export function useRenderTiming(name: string, startKey: unknown, done: boolean): void {
  const start = useMemo(() => performance.now(), [startKey]);
  const recorded = useRef<unknown>(undefined);
  useEffect(() => {
    if (!done || recorded.current === startKey) return;
    recorded.current = startKey;
    requestAnimationFrame(() => setTimeout(() => performance.measure(name, { start, end: performance.now() }), 0));
  }, [name, startKey, start, done]);
}
