/** The views of a trace result; the selected one lives in the page's URL (`tab=`). */
export const TRACE_TABS = ['steps', 'hooks', 'path', 'topology', 'raw'] as const;
export type TraceTab = (typeof TRACE_TABS)[number];

export const TRACE_TAB_LABELS: Record<TraceTab, string> = {
  steps: 'Steps',
  hooks: 'Hook path',
  path: 'Node path',
  topology: 'Topology',
  raw: 'Raw',
};

/** A `tab` search value as a tab, or undefined (the default, Steps) for anything else. */
export function traceTabOf(value: unknown): TraceTab | undefined {
  return typeof value === 'string' && (TRACE_TABS as readonly string[]).includes(value) && value !== 'steps'
    ? (value as TraceTab)
    : undefined;
}
