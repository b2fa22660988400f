/** Bounds on what one snapshot may contain; every reader enforces them while reading. */
export interface UploadLimits {
  /** Size of the uploaded archive (or JSON body) itself. */
  maxCompressedBytes: number;
  /** Sum of the unpacked file sizes: also what stops a gzip bomb. */
  maxUnpackedBytes: number;
  maxFiles: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: UploadLimits = {
  maxCompressedBytes: 64 * MiB,
  maxUnpackedBytes: 512 * MiB,
  maxFiles: 20_000,
};
