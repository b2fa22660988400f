import { memo } from 'react';
import { CopyButton } from '../CopyButton';
import type { Diagnosis } from './trace-types';

/**
 * A diagnosis fix (`in <host>: <command>`, alternatives joined by `; or `) as a shell block: each
 * alternative under a comment naming the host it runs on.
 */
export function fixScript(fix: string): string {
  return fix
    .split(/;\s+or\s+/)
    .map((alternative, i) => {
      const match = /^in ([^:\s]+):\s*(.*)$/s.exec(alternative.trim());
      const head = i === 0 ? '' : '# or\n';
      return match === null ? `${head}${alternative.trim()}` : `${head}# on ${match[1] ?? ''}\n${match[2] ?? ''}`;
    })
    .join('\n');
}

/** What the engine found wrong, why (the evidence) and the commands that fix it, each block copyable. */
export const DiagnosisPanel = memo(function DiagnosisPanel({
  diagnosis,
  title = 'Diagnosis',
  testId = 'diagnosis',
}: {
  diagnosis: Diagnosis[];
  title?: string;
  testId?: string;
}) {
  if (diagnosis.length === 0) return null;
  return (
    <section className="diagnosis" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {diagnosis.map((d, i) => (
        <article key={`${d.code}-${i}`} className="diagnosis-item">
          <p>
            <code className="code">{d.code}</code>
            {d.host !== undefined && <span className="muted"> on {d.host}</span>}
          </p>
          <p>{d.message}</p>
          {d.evidence !== undefined && d.evidence.length > 0 && (
            <ul className="evidence" aria-label="Evidence">
              {d.evidence.map((line, j) => (
                <li key={j} className="mono">
                  {line}
                </li>
              ))}
            </ul>
          )}
          {d.fix !== null && (
            <div className="fix-block">
              <div className="fix-head">
                <span>Fix</span>
                <CopyButton text={fixScript(d.fix)} testId="copy-fix" label="Copy fix" />
              </div>
              <pre>
                <code>{fixScript(d.fix)}</code>
              </pre>
            </div>
          )}
        </article>
      ))}
    </section>
  );
});
