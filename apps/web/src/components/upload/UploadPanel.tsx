import { useRef, useState, type DragEvent } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorPanel } from '../ErrorPanel';
import { formatBytes, formatCount } from '../format';
import { fromDrop, fromFileList, sourceBytes, type SnapshotSource } from './snapshot-source';
import { useUpload, type UploadState, type Uploaded } from './use-upload';

// React's typings lack the directory picker attributes.
const DIRECTORY_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * Upload by dropping a snapshot folder or its .tar.gz, or picking one (for keyboard users); the
 * request's upload progress is shown, and an API error with its code, fix and every file:line:column.
 */
export function UploadPanel({ onUploaded }: { onUploaded: (snapshot: Uploaded) => void }) {
  const [name, setName] = useState('');
  const [dragging, setDragging] = useState(false);
  const { state, start, cancel } = useUpload(onUploaded);
  const archiveInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = state.phase === 'reading' || state.phase === 'sending' || state.phase === 'processing';

  const begin = (source: SnapshotSource | null) => {
    if (source !== null) void start(source, name.trim());
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    fromDrop(event.dataTransfer).then(begin, () => undefined);
  };
  return (
    <section className="panel upload-panel" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a snapshot</h2>
      <div className="upload-row">
        <div
          data-testid="upload-drop"
          className={`drop-zone${dragging ? ' dragging' : ''}${busy ? ' busy' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          aria-describedby="upload-help"
        >
          <p id="upload-help">
            Drop a snapshot folder (<code>hosts/&lt;host&gt;/…</code>, <code>ovn/</code>, <code>k8s/</code>) or its <code>.tar.gz</code>{' '}
            here, or
          </p>
          <div className="drop-actions">
            <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
              Choose a folder…
            </button>
            <button type="button" onClick={() => archiveInput.current?.click()} disabled={busy}>
              Choose a .tar.gz…
            </button>
          </div>
          <input
            ref={folderInput}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Snapshot folder"
            data-testid="upload-folder-input"
            {...DIRECTORY_PICKER}
            onChange={(e) => {
              if (e.target.files !== null) begin(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
          <input
            ref={archiveInput}
            type="file"
            accept=".tar.gz,.tgz,application/gzip,application/x-gzip"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Snapshot archive"
            data-testid="upload-archive-input"
            onChange={(e) => {
              if (e.target.files !== null) begin(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
        </div>
        <div className="upload-side">
          <label htmlFor="upload-name">Name</label>
          <input
            id="upload-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="from snapshot.yaml"
            maxLength={200}
            disabled={busy}
          />
          <p className="muted small">Leave empty to use the name in snapshot.yaml.</p>
        </div>
      </div>
      <UploadStatus state={state} onCancel={cancel} />
    </section>
  );
}

function describe(source: SnapshotSource): string {
  return source.kind === 'archive'
    ? `${source.file.name} (${formatBytes(source.file.size)})`
    : `folder ${source.name}: ${formatCount(source.files.length)} files, ${formatBytes(sourceBytes(source))}${source.skipped > 0 ? ` (${source.skipped} hidden files left out)` : ''}`;
}

function UploadStatus({ state, onCancel }: { state: UploadState; onCancel: () => void }) {
  if (state.phase === 'idle') return <div className="upload-status" />;
  const percent =
    state.phase === 'sending' && state.progress !== null
      ? Math.round((state.progress.loaded / Math.max(1, state.progress.total)) * 100)
      : null;
  return (
    <div className="upload-status" aria-live="polite">
      <p className="upload-what">{describe(state.source)}</p>
      {(state.phase === 'reading' || state.phase === 'sending' || state.phase === 'processing') && (
        <div className="upload-progress" data-testid="upload-progress">
          <progress max={100} value={state.phase === 'processing' ? 100 : (percent ?? undefined)} aria-label="Upload progress" />
          <span>
            {state.phase === 'reading'
              ? 'Reading the files…'
              : state.phase === 'processing'
                ? 'Sent; the API is parsing the snapshot…'
                : state.progress === null
                  ? 'Sending…'
                  : `${percent}% (${formatBytes(state.progress.loaded)} of ${formatBytes(state.progress.total)})`}
          </span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {state.phase === 'failed' && <ErrorPanel error={state.error} />}
      {state.phase === 'done' && (
        <div className="upload-done" role="status">
          Uploaded{' '}
          <Link to="/snapshots/$snapshotId" params={{ snapshotId: state.snapshot.id }}>
            {state.snapshot.name}
          </Link>{' '}
          ({formatCount(state.snapshot.hostCount)} host{state.snapshot.hostCount === 1 ? '' : 's'}).
          {state.snapshot.warnings.length > 0 && (
            <details>
              <summary>{formatCount(state.snapshot.warnings.length)} warnings</summary>
              <ul className="issues">
                {state.snapshot.warnings.map((w, i) => (
                  <li key={i}>
                    <code>
                      {w.file}:{w.line}:{w.column}
                    </code>{' '}
                    {w.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
