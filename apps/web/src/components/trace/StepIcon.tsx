import { memo } from 'react';
import type { StepKind } from './trace-types';

type Shape = 'diamond' | 'rect' | 'hexagon' | 'cross';

// GCP Connectivity Tests' legend: a hexagon is an endpoint, a rectangle a hop, a diamond a checkpoint.
const ICONS: Record<StepKind, { shape: Shape; label: string; name: string }> = {
  netfilter: { shape: 'diamond', label: 'NF', name: 'netfilter chain' },
  conntrack: { shape: 'diamond', label: 'CT', name: 'conntrack' },
  routing: { shape: 'diamond', label: 'RT', name: 'routing decision' },
  rp_filter: { shape: 'diamond', label: 'RP', name: 'reverse path filter' },
  ipvs: { shape: 'diamond', label: 'VS', name: 'IPVS' },
  bridge: { shape: 'rect', label: 'BR', name: 'bridge' },
  ovn: { shape: 'rect', label: 'OVN', name: 'OVN logical stage' },
  interface: { shape: 'rect', label: 'IF', name: 'interface' },
  deliver: { shape: 'hexagon', label: '✓', name: 'delivered to a local socket' },
  drop: { shape: 'cross', label: '✗', name: 'dropped' },
};

/**
 * The kind of a step as a small shape (drawn by CSS clip-path: one element per row) with its initials;
 * the kind's name is its accessible label and tooltip.
 */
export const StepIcon = memo(function StepIcon({ kind }: { kind: StepKind }) {
  const icon = ICONS[kind];
  return (
    <span className={`step-icon shape-${icon.shape}`} role="img" aria-label={icon.name} title={icon.name}>
      {icon.label}
    </span>
  );
});
