import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { renderHtml, renderMarkdown, type ReportDocument } from '@hookpath/report';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { parseReportLink, REPORT_LINK_PATH, type ReportLinkFormat } from './report-link';
import { ReportsService } from './reports.service';

/** Nothing but the inline styles of the page and data: images; no scripts, fonts, frames or requests. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The one answer for a link that opens nothing: unknown, expired and revoked look the same. */
export const REPORT_NOT_FOUND_BODY = 'hookpath: no report here (the link is wrong, has expired or was revoked)\n';

/** Every answer under /r/: never cached, indexed or referred. */
function privateHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** A report itself: locked down to its inline styles and data: images, never framed. */
function reportHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', REPORT_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
}

function attachment(res: Response, document: ReportDocument, extension: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="hookpath-report-${document.id.replace(/[^A-Za-z0-9-]/g, '')}.${extension}"`);
}

function send(res: Response, format: ReportLinkFormat, token: string, document: ReportDocument): void {
  switch (format) {
    case 'page':
      res
        .status(200)
        .type('text/html; charset=utf-8')
        .send(renderHtml(document, { downloads: { markdown: `./${token}.md`, html: `./${token}.html`, json: `./${token}.json` } }));
      return;
    case 'html':
      attachment(res, document, 'html');
      res.status(200).type('text/html; charset=utf-8').send(renderHtml(document));
      return;
    case 'md':
      attachment(res, document, 'md');
      res.status(200).type('text/markdown; charset=utf-8').send(renderMarkdown(document));
      return;
    case 'json':
      attachment(res, document, 'json');
      res
        .status(200)
        .type('application/json; charset=utf-8')
        .send(`${JSON.stringify(document, null, 2)}\n`);
      return;
  }
}

/**
 * The share links: `/r/<token>` (the report page), `/r/<token>.md|.html|.json` (downloads). No API
 * token: the link's own token is the key. Nothing is cached or indexed, and a link that opens no
 * report gets the same bare 404 whatever the reason.
 */
@ApiTags('reports')
@Public()
@Controller(REPORT_LINK_PATH)
export class ReportLinksController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get(':file')
  @ApiOperation({
    summary: 'A shared report: the page (`/r/<token>`) or a download (`/r/<token>.md`, `.html`, `.json`)',
    description: 'No API token needed. `.json` is the hookpath.report/v1 document, which `hookpath report <file.json>` renders offline.',
  })
  @ApiParam({ name: 'file', description: '`<token>`, `<token>.md`, `<token>.html` or `<token>.json`' })
  @ApiProduces('text/html', 'text/markdown', 'application/json')
  @ApiOkResponse({ description: 'the report' })
  @ApiResponse({ status: 404, description: 'no report: unknown, expired or revoked (one answer for all three)' })
  async open(@Param('file') file: string, @Res() res: Response): Promise<void> {
    privateHeaders(res);
    const link = parseReportLink(file);
    const found = link === null ? null : await this.reports.open(link.token);
    if (link === null || found === null) {
      res.status(404).type('text/plain; charset=utf-8').send(REPORT_NOT_FOUND_BODY);
      return;
    }
    reportHeaders(res);
    send(res, link.format, link.token, found.document);
  }

  /** `/r/` and `/r/<a>/<b>`: the same 404 as a link that opens nothing. */
  @Get()
  @ApiExcludeEndpoint()
  none(@Res() res: Response): void {
    privateHeaders(res);
    res.status(404).type('text/plain; charset=utf-8').send(REPORT_NOT_FOUND_BODY);
  }
}
