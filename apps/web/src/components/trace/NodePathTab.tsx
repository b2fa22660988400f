import { useMemo } from 'react';
import { pathSvg } from '@hookpath/report';
import { SvgPicture } from './SvgPicture';
import type { Trace } from './trace-types';

/** One box per host or OVN datapath crossed, for the request and (round trip) the reply. */
export function NodePathTab({ trace, from, name }: { trace: Trace; from: string | undefined; name: string }) {
  const request = useMemo(() => pathSvg(trace, { direction: trace.reply === undefined ? undefined : 'request', from }), [trace, from]);
  const reply = useMemo(() => (trace.reply === undefined ? null : pathSvg(trace.reply, { direction: 'reply' })), [trace]);
  return (
    <div className="trace-columns">
      <SvgPicture
        svg={request}
        fileName={`${name}-node-path.svg`}
        label={reply === null ? 'Node path' : 'Node path of the request'}
        testId="node-path"
      />
      {reply !== null && (
        <SvgPicture svg={reply} fileName={`${name}-node-path-reply.svg`} label="Node path of the reply" testId="node-path-reply" />
      )}
    </div>
  );
}
