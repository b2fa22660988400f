import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { CopyButton } from '../CopyButton';
import { ErrorPanel } from '../ErrorPanel';
import { formatTime } from '../format';

const CreateReportMutation = graphql(`
  mutation CreateReport($jobId: ID!, $expiresInDays: Int) {
    createReport(jobId: $jobId, expiresInDays: $expiresInDays) {
      id
      url
      expiresAt
    }
  }
`);

const EXPIRIES = [1, 7, 30, 90, 365] as const;

/**
 * Share a completed job: freezes it into a report and shows its secret link, once (the API keeps only
 * a hash of it), with its expiry. Anyone holding the link can read the report until it expires or is
 * revoked on the Reports page.
 */
export function ShareButton({ jobId }: { jobId: string }) {
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const [created, create] = useMutation(CreateReportMutation);
  const report = created.data?.createReport;
  return (
    <div className="share">
      <div className="share-controls">
        <label htmlFor={`${id}-days`} className="muted small">
          Link expires in
        </label>
        <select id={`${id}-days`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {EXPIRIES.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? '1 day' : `${d} days`}
            </option>
          ))}
        </select>
        <button type="button" data-testid="share" onClick={() => void create({ jobId, expiresInDays: days })} disabled={created.fetching}>
          {created.fetching ? 'Creating link…' : report === undefined ? 'Share' : 'Share again'}
        </button>
      </div>
      {created.error !== undefined && <ErrorPanel error={created.error} />}
      {report !== undefined && (
        <div className="share-result" role="status">
          <a href={report.url} data-testid="share-link" target="_blank" rel="noreferrer">
            {report.url}
          </a>
          <CopyButton text={report.url} label="Copy link" />
          <span className="muted small">
            Expires {formatTime(report.expiresAt)}. Shown only now: anyone with the link can read the report; revoke it under Reports.
          </span>
        </div>
      )}
    </div>
  );
}
