import { multipartSnapshotFieldsSchema } from '@hookpath/contracts';
import { SnapshotModelCache, SnapshotRepository } from '@hookpath/data-access';
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RequiresScope } from '../../auth/auth.decorators';
import { ApiException } from '../../errors/api.exception';
import { SnapshotIngestService } from '../../snapshots/snapshot-ingest.service';
import { SnapshotFileInput } from '../types/snapshot-upload.type';
import { SnapshotType } from '../types/snapshot.type';

const UPLOAD_FIX = 'pass either `files` (the folder as [{path, content}]) or `archiveBase64` (a .tar.gz), not both';

/** A FileReader data URL (`data:application/gzip;base64,...`) is accepted as well as bare base64. */
const DATA_URL_PREFIX = /^data:[^,]*;base64,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalidUpload(message: string, fix = UPLOAD_FIX): ApiException {
  return new ApiException('INVALID_UPLOAD', message, { fix });
}

function decodeArchive(text: string): Buffer {
  const body = text.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (body === '' || body.length % 4 === 1 || !BASE64.test(body)) {
    throw invalidUpload('archiveBase64 is not base64', 'send the .tar.gz bytes base64-encoded (standard alphabet), or a data: URL of them');
  }
  return Buffer.from(body, 'base64');
}

/** The folder as the JSON upload's `files` map; a path given twice is refused rather than silently kept once. */
function filesRecord(files: readonly SnapshotFileInput[]): Record<string, string> {
  const record = new Map<string, string>();
  for (const file of files) {
    if (record.has(file.path)) throw invalidUpload(`files names ${JSON.stringify(file.path)} twice`, 'send each path once');
    record.set(file.path, file.content);
  }
  return Object.fromEntries(record);
}

/**
 * Snapshot upload and deletion for the portal. An upload goes through SnapshotIngestService, as
 * `POST /api/v1/snapshots` does: the same limits, the same error codes (a parse error is
 * SNAPSHOT_UNPARSABLE with every issue in `extensions.issues`), and nothing is stored unless every
 * file parses.
 */
@Resolver()
export class SnapshotUploadResolver {
  constructor(
    @Inject(SnapshotIngestService) private readonly ingest: SnapshotIngestService,
    @Inject(SnapshotRepository) private readonly repository: SnapshotRepository,
    @Inject(SnapshotModelCache) private readonly models: SnapshotModelCache,
  ) {}

  @Mutation(() => SnapshotType, {
    description:
      'Upload a snapshot: exactly one of `files` (the folder, UTF-8 text) or `archiveBase64` (a .tar.gz). Uploading content already stored returns that snapshot. ' +
      'Errors carry `extensions.code` as REST does (INVALID_UPLOAD, UNSAFE_PATH, EMPTY_SNAPSHOT, CORRUPT_ARCHIVE, ARCHIVE_TOO_LARGE, UNPACKED_TOO_LARGE, TOO_MANY_FILES, NUL_BYTE, ' +
      'SNAPSHOT_UNPARSABLE) and, for a file that does not parse, `extensions.issues` ({file, line, column, message, text}).',
  })
  @RequiresScope('write')
  async uploadSnapshot(
    // An argument left out arrives undefined, one given as null arrives null: both mean "not given".
    @Args('name', { type: () => String, nullable: true, description: 'Display name; default: snapshot.yaml `name`.' })
    name: string | null | undefined,
    @Args('files', { type: () => [SnapshotFileInput], nullable: true }) files: SnapshotFileInput[] | null | undefined,
    @Args('archiveBase64', { type: () => String, nullable: true, description: 'A .tar.gz of the folder, base64 (or a data: URL).' })
    archiveBase64: string | null | undefined,
  ): Promise<SnapshotType> {
    const fields = multipartSnapshotFieldsSchema.safeParse(name === null || name === undefined ? {} : { name });
    if (!fields.success)
      throw invalidUpload(`name: ${fields.error.issues.map((i) => i.message).join('; ')}`, 'a name is 1 to 200 characters');
    const folder = files ?? null;
    const archive = archiveBase64 ?? null;
    if (folder === null && archive === null) throw invalidUpload('neither `files` nor `archiveBase64` was given');
    if (folder !== null && archive !== null) throw invalidUpload('both `files` and `archiveBase64` were given');
    const result =
      folder !== null
        ? await this.ingest.fromJson(filesRecord(folder), fields.data.name)
        : await this.ingest.fromArchive(decodeArchive(archive as string), fields.data.name, undefined);
    return result.snapshot as SnapshotType;
  }

  @Mutation(() => Boolean, {
    description: 'Delete a snapshot and everything stored with it (true); an unknown id is the error SNAPSHOT_NOT_FOUND.',
  })
  @RequiresScope('write')
  async deleteSnapshot(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    if (!(await this.repository.delete(id))) {
      throw new ApiException('SNAPSHOT_NOT_FOUND', `no snapshot with id ${JSON.stringify(id)}`, {
        fix: 'query `snapshots` for the stored snapshots',
      });
    }
    this.models.delete(id);
    return true;
  }
}
