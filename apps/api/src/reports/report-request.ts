import { z } from 'zod';

/** `POST /api/v1/jobs/{id}/reports` body and the `createReport` arguments. */
export const createReportSchema = z
  .object({
    expiresInDays: z.number().int().min(1, 'at least 1 day').max(365, 'at most 365 days').optional(),
    title: z.string().trim().min(1, 'empty; leave it out for a title made from the question').max(200, 'at most 200 characters').optional(),
  })
  .strict();

export type CreateReportRequest = z.infer<typeof createReportSchema>;

export const CREATE_REPORT_FIX = 'send {} or {"expiresInDays": 1..365, "title": "..."} (GET /api/docs)';
