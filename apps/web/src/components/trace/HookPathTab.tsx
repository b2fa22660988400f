import { useMemo } from 'react';
import { useQuery } from 'urql';
import { hookPathSvg } from '@hookpath/report';
import { graphql } from '../../gql';
import { SvgPicture } from './SvgPicture';
import { linuxHosts } from './trace-places';
import type { Trace } from './trace-types';

const HostHookPathsQuery = graphql(`
  query HostHookPaths($id: ID!, $host: String!) {
    snapshot(id: $id) {
      id
      hookPaths(host: $host) {
        host
        hook
        entries {
          kind
          priority
          table
          active
        }
      }
    }
  }
`);

function HostPicture({
  snapshotId,
  host,
  trace,
  direction,
  name,
}: {
  snapshotId: string;
  host: string;
  trace: Trace;
  direction: string | undefined;
  name: string;
}) {
  const [result] = useQuery({ query: HostHookPathsQuery, variables: { id: snapshotId, host } });
  const hookPaths = result.data?.snapshot?.hookPaths;
  const svg = useMemo(
    () => (hookPaths === undefined ? null : hookPathSvg({ host, hookPaths, steps: trace.steps, direction, outcome: trace.disposition })),
    [hookPaths, host, trace, direction],
  );
  if (svg === null)
    return (
      <div className="picture-placeholder" aria-busy="true">
        {result.error === undefined ? `Reading the hooks of ${host}…` : result.error.message}
      </div>
    );
  return (
    <SvgPicture
      svg={svg}
      fileName={`${name}-${host}-hooks${direction === undefined ? '' : `-${direction}`}.svg`}
      label={`Netfilter hooks of ${host}${direction === undefined ? '' : ` (${direction})`}`}
      testId="hook-path"
    />
  );
}

function Direction({
  snapshotId,
  trace,
  direction,
  name,
}: {
  snapshotId: string;
  trace: Trace;
  direction: string | undefined;
  name: string;
}) {
  const hosts = useMemo(() => linuxHosts(trace), [trace]);
  if (hosts.length === 0) return <p className="muted">The {direction ?? 'packet'} crosses no Linux host (only OVN): see the node path.</p>;
  return (
    <>
      {hosts.map((host) => (
        <HostPicture key={host} snapshotId={snapshotId} host={host} trace={trace} direction={direction} name={name} />
      ))}
    </>
  );
}

/**
 * For each Linux host crossed, the netfilter packet-flow picture with the boxes the packet passed
 * numbered and lit and a red mark where it stopped; the reply's hosts after the request's.
 */
export function HookPathTab({ trace, snapshotId, name }: { trace: Trace; snapshotId: string | undefined; name: string }) {
  if (snapshotId === undefined) return <p className="muted">Reading which snapshot the trace ran on…</p>;
  if (trace.reply === undefined) return <Direction snapshotId={snapshotId} trace={trace} direction={undefined} name={name} />;
  return (
    <>
      <h3>Request</h3>
      <Direction snapshotId={snapshotId} trace={trace} direction="request" name={name} />
      <h3>Reply</h3>
      <Direction snapshotId={snapshotId} trace={trace.reply} direction="reply" name={name} />
    </>
  );
}
