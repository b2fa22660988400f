/** Bounds on one GraphQL operation, checked before it runs. */
export interface QueryLimits {
  /** Highest estimated cost (see pagedCost: a field cut by `first` costs `first` × its selection). */
  maxCost: number;
  /** Deepest field nesting, leaves included. */
  maxDepth: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxCost: 10_000, maxDepth: 15 };

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
