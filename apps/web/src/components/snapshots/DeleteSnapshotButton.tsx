import { useRef } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';

const DeleteSnapshotMutation = graphql(`
  mutation DeleteSnapshot($id: ID!) {
    deleteSnapshot(id: $id)
  }
`);

/** Delete, after a confirmation dialog that names the snapshot. */
export function DeleteSnapshotButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, remove] = useMutation(DeleteSnapshotMutation);
  const confirm = async () => {
    const result = await remove({ id });
    if (result.error === undefined) {
      dialog.current?.close();
      onDeleted();
    }
  };
  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()} aria-label={`Delete ${name}`}>
        Delete
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`delete-${id}-title`}>
        <h2 id={`delete-${id}-title`}>Delete {name}?</h2>
        <p>The snapshot and everything stored with it are deleted. Traces that read it can no longer be re-run. This cannot be undone.</p>
        {state.error !== undefined && <ErrorPanel error={state.error} />}
        <div className="form-actions">
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => void confirm()} disabled={state.fetching}>
            {state.fetching ? 'Deleting…' : 'Delete'}
          </button>
        </div>
      </dialog>
    </>
  );
}
