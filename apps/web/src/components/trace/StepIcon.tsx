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

const PATHS: Record<Shape, string> = {
  diamond: 'M18 1 L35 12 L18 23 L1 12 Z',
  rect: 'M2 3 H34 V21 H2 Z',
  hexagon: 'M9 1 H27 L35 12 L27 23 H9 L1 12 Z',
  cross: 'M9 1 H27 L35 12 L27 23 H9 L1 12 Z',
};

/** The kind of a step as a small shape with its initials; the kind's name is its accessible label. */
export const StepIcon = memo(function StepIcon({ kind }: { kind: StepKind }) {
  const icon = ICONS[kind];
  return (
    <svg className={`step-icon step-icon-${icon.shape}`} viewBox="0 0 36 24" width="36" height="24" role="img" aria-label={icon.name}>
      <title>{icon.name}</title>
      <path d={PATHS[icon.shape]} />
      <text x="18" y="16" textAnchor="middle">
        {icon.label}
      </text>
    </svg>
  );
});

