/** `POST /api/v1/jobs/{id}/reports` body (every field optional). */
export interface CreateReportBody {
  /** 1..365; default HOOKPATH_REPORT_TTL_DAYS (30). */
  expiresInDays?: number;
  /** Default: made from the question (`tcp a:p → b:q from <place>`). */
  title?: string;
}

/** The answer to creating a report: the link is shown here only. */
export interface CreatedReportDto {
  id: string;
  /** `<public base>/r/<token>`: anyone holding it can read the report until it expires or is revoked. */
  url: string;
  expiresAt: string;
}

export type ReportKindName = 'trace' | 'batch' | 'diff';

/** A report as its owners list it (never the token). */
export interface ReportSummaryDto {
  id: string;
  title: string;
  kind: ReportKindName;
  jobId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  createdBy: string;
}
