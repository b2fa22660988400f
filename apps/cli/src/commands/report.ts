import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseReportDocument, renderHtml, renderMarkdown, ReportDocumentError } from '@hookpath/report';
import { EXIT_OK, UsageError } from '../cli-error';

export const REPORT_USAGE = 'hookpath report <report.json> [--html] [--out <file>]';

async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read it (${code ?? (error instanceof Error ? error.message : String(error))})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${file}: not JSON (${error instanceof Error ? error.message : String(error)}); expected a hookpath.report/v1 document such as /r/<token>.json`,
    );
  }
}

/**
 * `hookpath report`: a shared report's JSON (downloaded from /r/<token>.json) rendered offline as
 * the same Markdown the server gives (or, with --html, the same standalone HTML page).
 */
export async function runReport(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { html: { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError(`usage: ${REPORT_USAGE}`);
  let document;
  try {
    document = parseReportDocument(await readDocument(file));
  } catch (error) {
    if (error instanceof ReportDocumentError)
      throw new UsageError(`${file}: not a hookpath.report/v1 document: ${error.path}: ${error.problem}`);
    throw error;
  }
  const output = values.html === true ? renderHtml(document) : renderMarkdown(document);
  if (values.out === undefined) {
    process.stdout.write(output);
    return EXIT_OK;
  }
  try {
    await writeFile(values.out, output);
  } catch (error) {
    throw new UsageError(`--out ${values.out}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return EXIT_OK;
}
