import { Inject, Injectable } from '@nestjs/common';
import { SnapshotRepository, type SnapshotRecord } from '@hookpath/data-access';
import type { SnapshotFile } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { contentHash, LONE_SURROGATE, readSnapshotArchive, snapshotFilesFromJson } from '@hookpath/snapshot-io';
import type { AppConfig } from '../config/app-config';
import { ApiException } from '../errors/api.exception';
import { APP_CONFIG } from '../infrastructure/tokens';
import { JsonLogger } from '../logging/json-logger';

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

  private async ingest(files: SnapshotFile[], name: string | undefined, fallbackName: string | undefined): Promise<IngestResult> {
    if (name !== undefined && (name.includes('\0') || LONE_SURROGATE.test(name))) {
      throw new ApiException('INVALID_UPLOAD', 'the snapshot name is not text (a NUL byte or a lone UTF-16 surrogate)', {
        fix: 'name the snapshot with text',
      });
    }
    fallbackName = fallbackName?.replace(/\0/g, '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd') || undefined;
    const hash = contentHash(files);
    const existing = await this.snapshots.findByContentHash(hash);
    if (existing !== null) return { snapshot: existing, created: false };
    const parseStarted = performance.now();
    // every line is checked as the full read checks it; the rules are parsed again, a batch at a
    // time, as they are stored, so a whole cluster's rules are never held parsed at once
    const { model, errors } = parseSnapshot(files, { iptablesRules: 'lazy' });
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
    const result = await this.snapshots.create({
      contentHash: hash,
      model,
      files,
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
