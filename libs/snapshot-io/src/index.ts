export * from './limits';
export * from './snapshot-input-error';
export * from './safe-path';
export * from './content-hash';
export { readSnapshotArchive } from './read-archive';
export * from './read-directory';
export * from './files-from-json';
export * from './read-snapshot-path';
export * from './text-content';
