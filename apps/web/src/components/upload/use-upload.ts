import { useCallback, useRef, useState } from 'react';
import { CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { UploadSnapshotMutation } from '../../gql/graphql';
import { postWithProgress, type Progress } from '../../api/upload';
import { archiveDataUrl, type SnapshotSource } from './snapshot-source';

const UploadSnapshotMutationDoc = graphql(`
  mutation UploadSnapshot($name: String, $files: [SnapshotFileInput!], $archiveBase64: String) {
    uploadSnapshot(name: $name, files: $files, archiveBase64: $archiveBase64) {
      id
      name
      hostCount
      warnings {
        file
        line
        column
        message
      }
    }
  }
`);

export type Uploaded = UploadSnapshotMutation['uploadSnapshot'];

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'reading'; source: SnapshotSource }
  | { phase: 'sending'; source: SnapshotSource; progress: Progress | null }
  | { phase: 'processing'; source: SnapshotSource }
  | { phase: 'done'; source: SnapshotSource; snapshot: Uploaded }
  | { phase: 'failed'; source: SnapshotSource; error: CombinedError };

function asCombined(error: unknown): CombinedError {
  return error instanceof CombinedError
    ? error
    : new CombinedError({ networkError: error instanceof Error ? error : new Error(String(error)) });
}

/** Reads what was dropped, sends it through `uploadSnapshot` with upload progress, and reports each phase. */
export function useUpload(onUploaded: (snapshot: Uploaded) => void) {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    async (source: SnapshotSource, name: string) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const live = () => abort.current === controller;
      try {
        setState({ phase: 'reading', source });
        const variables =
          source.kind === 'archive'
            ? { name: name === '' ? null : name, archiveBase64: await archiveDataUrl(source.file) }
            : {
                name: name === '' ? null : name,
                files: await Promise.all(source.files.map(async (f) => ({ path: f.path, content: await f.file.text() }))),
              };
        if (!live()) return;
        setState({ phase: 'sending', source, progress: null });
        const data = await postWithProgress(
          UploadSnapshotMutationDoc,
          variables,
          (progress) => {
            if (!live()) return;
            setState(progress.loaded >= progress.total ? { phase: 'processing', source } : { phase: 'sending', source, progress });
          },
          controller.signal,
        );
        if (!live()) return;
        setState({ phase: 'done', source, snapshot: data.uploadSnapshot });
        onUploaded(data.uploadSnapshot);
      } catch (error) {
        if (live()) setState({ phase: 'failed', source, error: asCombined(error) });
      }
    },
    [onUploaded],
  );

  const cancel = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
    setState({ phase: 'idle' });
  }, []);

  return { state, start, cancel };
}
