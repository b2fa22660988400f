import { memo, useMemo } from 'react';
import { CopyButton } from '../CopyButton';
import { downloadText } from '../download';

/** A JSON document pretty-printed, with Download JSON and Copy. */
export const RawJson = memo(function RawJson({ value, fileName }: { value: unknown; fileName: string }) {
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  return (
    <div className="raw-json">
      <div className="toolbar">
        <button type="button" onClick={() => downloadText(fileName, text, 'application/json')}>
          Download JSON
        </button>
        <CopyButton text={text} label="Copy JSON" />
        <span className="muted small">{(text.length / 1024).toFixed(1)} KiB</span>
      </div>
      <pre className="raw-pre" tabIndex={0} aria-label="JSON document">
        {text}
      </pre>
    </div>
  );
});
