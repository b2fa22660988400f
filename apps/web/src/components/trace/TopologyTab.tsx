import { useMemo } from 'react';
import { TopologyView } from '../topology/TopologyView';
import { topologyHighlight } from './trace-places';
import type { Trace } from './trace-types';

/** The snapshot's topology with the request's path drawn on it, numbered, and the place it stopped in red. */
export function TopologyTab({ trace, snapshotId }: { trace: Trace; snapshotId: string | undefined }) {
  const highlight = useMemo(() => topologyHighlight(trace), [trace]);
  if (snapshotId === undefined) return <p className="muted">Reading which snapshot the trace ran on…</p>;
  return <TopologyView snapshotId={snapshotId} highlight={highlight} height="70vh" />;
}
