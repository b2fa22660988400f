import { Inject, Injectable } from '@nestjs/common';
import { SnapshotRepository, type SnapshotRecord } from '@hookpath/data-access';
import type { PackedSnapshotFile, SnapshotFile } from '@hookpath/model';
import { parseSnapshot, type ParsedSnapshot } from '@hookpath/parsers';
import { contentHash, fileSha256, LONE_SURROGATE, packFiles, readSnapshotArchive, snapshotFilesFromJson } from '@hookpath/snapshot-io';
import type { AppConfig } from '../config/app-config';
import { ApiException } from '../errors/api.exception';
import { APP_CONFIG } from '../infrastructure/tokens';
import { JsonLogger } from '../logging/json-logger';
import { IptablesCheckPool } from './iptables-check-pool';
import type { HashedFile } from './iptables-check.worker';

export interface IngestResult {
  snapshot: SnapshotRecord;
  /** False when the same content was stored before; that snapshot is returned. */
  created: boolean;
}

/** Upload -> files -> content hash -> parse -> store; nothing is stored unless every file parses. */
@Injectable()
export class SnapshotIngestService {
  constructor(
    private readonly snapshots: SnapshotRepository,
    private readonly logger: JsonLogger,
    private readonly iptablesCheck: IptablesCheckPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `fallbackName` (the archive's file name) is used when neither `name` nor snapshot.yaml names it. */
  async fromArchive(data: Buffer, name: string | undefined, fallbackName: string | undefined): Promise<IngestResult> {
    const files = await readSnapshotArchive(data, this.config.limits);
    return this.ingest(files, name, fallbackName);
  }

  async fromJson(files: Record<string, string>, name: string | undefined): Promise<IngestResult> {
    return this.ingest(snapshotFilesFromJson(files, this.config.limits), name, undefined);
  }

  /**
   * Every line read as `hookpath validate` reads it: the iptables-save files on the pool's threads
   * (which pack them as well), the rest here meanwhile (of those files, their tables only: the
   * stored model reads their rules when asked for). When anything is wrong the whole snapshot is
   * read again here, in full, for the errors in the order the full read reports them.
   */
  private async parse(files: HashedFile[]): Promise<{ parsed: ParsedSnapshot; packed: Map<string, PackedSnapshotFile> }> {
    // a pool that fails leaves the decision to the full read here
    const checked = this.iptablesCheck.check(files).catch(() => null);
    const quick = parseSnapshot(files, { iptablesRules: 'tables' });
    const packed = await checked;
    if (quick.errors.length === 0 && packed !== null) return { parsed: quick, packed };
    return { parsed: parseSnapshot(files, { iptablesRules: 'lazy' }), packed: new Map() };
  }

  private async ingest(files: SnapshotFile[], name: string | undefined, fallbackName: string | undefined): Promise<IngestResult> {
    if (name !== undefined && (name.includes('\0') || LONE_SURROGATE.test(name))) {
      throw new ApiException('INVALID_UPLOAD', 'the snapshot name is not text (a NUL byte or a lone UTF-16 surrogate)', {
        fix: 'name the snapshot with text',
      });
    }
    fallbackName = fallbackName?.replace(/\0/g, '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd') || undefined;
    const hashed: HashedFile[] = files.map((file) => ({ ...file, sha256: fileSha256(file.content) }));
    const hash = contentHash(
      files,
      hashed.map((file) => file.sha256),
    );
    const existing = await this.snapshots.findByContentHash(hash);
    if (existing !== null) return { snapshot: existing, created: false };
    const parseStarted = performance.now();
    const { parsed, packed } = await this.parse(hashed);
    const { model, errors } = parsed;
    const parseMs = performance.now() - parseStarted;
    if (errors.length > 0) {
      const first = errors[0];
      const where = first === undefined ? '' : `; first: ${first.file}:${first.line}:${first.column}: ${first.message}`;
      throw new ApiException('SNAPSHOT_UNPARSABLE', `${errors.length} problem(s) in the snapshot, nothing was stored${where}`, {
        issues: errors,
        fix: 'correct the files named in `issues` (run `hookpath validate <folder>` locally) and upload again',
      });
    }
    const storeStarted = performance.now();
    const displayName = name ?? model.meta.name ?? fallbackName;
    const unpacked = hashed.filter((file) => !packed.has(file.path));
    const rest = await packFiles(
      unpacked,
      unpacked.map((file) => file.sha256),
    );
    const result = await this.snapshots.create({
      contentHash: hash,
      model,
      files: [...packed.values(), ...rest],
      ...(displayName === undefined ? {} : { name: displayName }),
    });
    this.logger.entry('info', result.created ? 'snapshot stored' : 'snapshot already stored', 'snapshots', {
      snapshotId: result.snapshot.id,
      files: files.length,
      hosts: model.hosts.length,
      parseMs: Math.round(parseMs),
      storeMs: Math.round(performance.now() - storeStarted),
    });
    return result;
  }
}
