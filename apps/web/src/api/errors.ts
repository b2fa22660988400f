import type { CombinedError } from 'urql';

/** A file/line/column issue as the API reports parse errors (REST `issues`, GraphQL `extensions.issues`). */
export interface ApiIssue {
  file?: string;
  line?: number;
  column?: number;
  message: string;
  severity?: string;
}

export interface ApiErrorView {
  code: string | null;
  message: string;
  fix: string | null;
  issues: ApiIssue[];
}

/** The first GraphQL error of a result as the portal shows it: code, message, fix and file/line/column issues. */
export function apiErrorOf(error: CombinedError): ApiErrorView {
  const first = error.graphQLErrors[0];
  if (first === undefined) return { code: 'NETWORK', message: error.networkError?.message ?? error.message, fix: null, issues: [] };
  const ext = first.extensions as { code?: unknown; fix?: unknown; issues?: unknown };
  return {
    code: typeof ext.code === 'string' ? ext.code : null,
    message: first.message,
    fix: typeof ext.fix === 'string' ? ext.fix : null,
    issues: Array.isArray(ext.issues) ? (ext.issues as ApiIssue[]) : [],
  };
}
