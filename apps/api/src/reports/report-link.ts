import { REPORT_TOKEN_PATTERN } from '@hookpath/contracts';

/** Where report links live: `/r/<token>` (the page) and `/r/<token>.md|.html|.json` (the downloads). */
export const REPORT_LINK_PATH = 'r';

export type ReportLinkFormat = 'page' | 'md' | 'html' | 'json';

/** The token and format a `/r/<file>` names; null for anything that is not a well-formed link. */
export function parseReportLink(file: string): { token: string; format: ReportLinkFormat } | null {
  const match = /^([^.]+)(?:\.(md|html|json))?$/.exec(file);
  const token = match?.[1];
  if (match === null || token === undefined || !REPORT_TOKEN_PATTERN.test(token)) return null;
  const extension = match[2];
  return { token, format: extension === 'md' || extension === 'html' || extension === 'json' ? extension : 'page' };
}

/** A request path with a report link's token blanked out, for logs (the token is the only key). */
export function redactReportLink(path: string): string {
  return path.replace(/^\/r\/[^/.?]+/, '/r/<token>');
}

/** `<base>/r/<token>`. */
export function reportUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/${REPORT_LINK_PATH}/${token}`;
}
