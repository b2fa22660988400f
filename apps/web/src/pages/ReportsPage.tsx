import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatTime } from '../components/format';
import { graphql } from '../gql';
import type { ReportsQuery } from '../gql/graphql';

const ReportsListQuery = graphql(`
  query Reports($first: Int, $after: String) {
    reports(first: $first, after: $after) {
      edges {
        node {
          id
          title
          kind
          jobId
          createdAt
          createdBy
          expiresAt
          revokedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const RevokeReportMutation = graphql(`
  mutation RevokeReport($id: ID!) {
    revokeReport(id: $id) {
      id
      revokedAt
    }
  }
`);

type ReportRow = ReportsQuery['reports']['edges'][number]['node'];

const PAGE = 50;
const KIND_TEXT = { TRACE: 'trace', BATCH: 'batch', DIFF: 'diff' } as const;

function stateOf(report: ReportRow, now: number): { text: string; live: boolean } {
  if (report.revokedAt !== null && report.revokedAt !== undefined) return { text: `revoked ${formatTime(report.revokedAt)}`, live: false };
  if (new Date(report.expiresAt).getTime() <= now) return { text: 'expired', live: false };
  return { text: 'active', live: true };
}

/** Revoke with a confirmation in place: the first press asks, the second revokes. */
function RevokeCell({ report }: { report: ReportRow }) {
  const [asking, setAsking] = useState(false);
  const [revoked, revoke] = useMutation(RevokeReportMutation);
  if (!asking) {
    return (
      <button
        type="button"
        className="danger"
        data-testid="revoke"
        onClick={() => setAsking(true)}
        aria-label={`Revoke the link of ${report.title}`}
      >
        Revoke
      </button>
    );
  }
  return (
    <span className="revoke-confirm" role="group" aria-label={`Revoke the link of ${report.title}?`}>
      <span className="small">The link will stop working for everyone.</span>
      <button
        type="button"
        className="danger"
        data-testid="confirm-revoke"
        disabled={revoked.fetching}
        onClick={() => void revoke({ id: report.id }).then(() => setAsking(false))}
      >
        {revoked.fetching ? 'Revoking…' : 'Yes, revoke'}
      </button>
      <button type="button" onClick={() => setAsking(false)} autoFocus>
        Keep it
      </button>
      {revoked.error !== undefined && <ErrorPanel error={revoked.error} />}
    </span>
  );
}

function ReportsPageRows({
  after,
  now,
  last,
  onMore,
}: {
  after: string | null;
  now: number;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const [result] = useQuery({ query: ReportsListQuery, variables: { first: PAGE, after } });
  const page = result.data?.reports;
  if (result.error !== undefined) {
    return (
      <tr>
        <td colSpan={7}>
          <ErrorPanel error={result.error} />
        </td>
      </tr>
    );
  }
  return (
    <>
      {(page?.edges ?? []).map(({ node: report }) => {
        const state = stateOf(report, now);
        return (
          <tr key={report.id} data-testid="report-row">
            <td>{report.title}</td>
            <td>{KIND_TEXT[report.kind]}</td>
            <td>
              <Link to="/jobs/$jobId" params={{ jobId: report.jobId }} className="mono small">
                {report.jobId.slice(0, 8)}
              </Link>
            </td>
            <td>
              {formatTime(report.createdAt)}
              <div className="muted small">by {report.createdBy}</div>
            </td>
            <td>{formatTime(report.expiresAt)}</td>
            <td className={state.live ? 'ok-text' : 'muted'}>{state.text}</td>
            <td>{state.live && <RevokeCell report={report} />}</td>
          </tr>
        );
      })}
      {after === null && page !== undefined && page.edges.length === 0 && (
        <tr>
          <td colSpan={7} className="muted">
            No report has been shared yet.
          </td>
        </tr>
      )}
      {last && page?.pageInfo.hasNextPage === true && page.pageInfo.endCursor !== null && page.pageInfo.endCursor !== undefined && (
        <tr>
          <td colSpan={7}>
            <button type="button" onClick={() => onMore(page.pageInfo.endCursor ?? '')}>
              More reports
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

/** The shared reports: what each shares, until when, and Revoke. Their links are shown only when created. */
export function ReportsPage() {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [now] = useState(() => Date.now());
  return (
    <section className="panel">
      <h1>Shared reports</h1>
      <p className="muted">
        A report is a frozen copy of a job&apos;s result behind a secret link. The link is shown once, when you press Share on a job; only a
        hash of it is kept, so it cannot be shown again here. Revoke a report to make its link answer nothing.
      </p>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Job</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col" className="actions-col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.map((after, i) => (
              <ReportsPageRows
                key={after ?? 'first'}
                after={after}
                now={now}
                last={i === pages.length - 1}
                onMore={(cursor) => setPages([...pages, cursor])}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
