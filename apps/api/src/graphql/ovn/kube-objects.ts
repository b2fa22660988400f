import type { SnapshotRepository } from '@hookpath/data-access';
import type { SnapshotModel } from '@hookpath/model';
import { isK8sObjectFile, parseK8sFiles } from '@hookpath/parsers';

export type SnapshotFileReader = Pick<SnapshotRepository, 'listFiles' | 'getFile'>;

/**
 * The stored model with its k8s/ objects. The model store keeps no `kube` column yet, so when the
 * stored model has none they are read again from the snapshot's stored k8s/ files, with the
 * parser the upload used (the upload already refused files it could not read).
 */
export async function withKubeObjects(
  model: SnapshotModel | null,
  snapshotId: string,
  files: SnapshotFileReader,
): Promise<SnapshotModel | null> {
  if (model === null || model.kube !== undefined) return model;
  const listed = await files.listFiles(snapshotId);
  const paths = (listed ?? []).map((f) => f.path).filter((path) => path.startsWith('k8s/') && isK8sObjectFile(path));
  if (paths.length === 0) return model;
  const contents = await Promise.all(paths.map((path) => files.getFile(snapshotId, path)));
  const parsed = parseK8sFiles(contents.flatMap((file) => (file === null ? [] : [{ path: file.path, content: file.content }])));
  return { ...model, kube: parsed.value };
}
