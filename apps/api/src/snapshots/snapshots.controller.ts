import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  jsonSnapshotUploadSchema,
  listSnapshotsQuerySchema,
  multipartSnapshotFieldsSchema,
  type SnapshotDetailDto,
  type SnapshotListDto,
} from '@hookpath/contracts';
import { SnapshotRepository } from '@hookpath/data-access';
import { unpackFile } from '@hookpath/snapshot-io';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiException } from '../errors/api.exception';
import {
  ApiErrorModel,
  JsonSnapshotUploadModel,
  MultipartSnapshotUploadModel,
  SnapshotCreatedModel,
  SnapshotDetailModel,
  SnapshotListModel,
} from '../openapi/openapi-models';
import { toCreatedDto, toDetailDto, toSummaryDto } from './snapshot-dto-mappers';
import { SnapshotIngestService } from './snapshot-ingest.service';

/** What multer's memory storage hands over for the `file` part. */
interface UploadedArchive {
  buffer: Buffer;
  originalname: string;
  size: number;
}

const UPLOAD_FIX = 'send multipart/form-data with the .tar.gz in field `file`, or JSON `{"name": "...", "files": {"<path>": "<content>"}}`';

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[what, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
  throw new ApiException(what === 'query' ? 'BAD_REQUEST' : 'INVALID_UPLOAD', problems, what === 'query' ? {} : { fix: UPLOAD_FIX });
}

function archiveBaseName(originalName: string): string | undefined {
  const base = originalName.replace(/^.*[\\/]/, '').replace(/\.(tar\.gz|tgz|tar)$/i, '');
  return base === '' ? undefined : base;
}

function snapshotNotFound(id: string): ApiException {
  return new ApiException('SNAPSHOT_NOT_FOUND', `no snapshot with id ${JSON.stringify(id)}`, {
    fix: 'GET /api/v1/snapshots lists the stored snapshots',
  });
}

@ApiTags('snapshots')
@ApiBearerAuth()
@ApiExtraModels(JsonSnapshotUploadModel, MultipartSnapshotUploadModel, ApiErrorModel)
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 503, type: ApiErrorModel, description: 'DEPENDENCY_UNAVAILABLE' })
@Controller('api/v1/snapshots')
export class SnapshotsController {
  constructor(
    private readonly snapshots: SnapshotRepository,
    private readonly ingest: SnapshotIngestService,
  ) {}

  @Post()
  @RequiresScope('write')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Upload a snapshot (.tar.gz as multipart `file`, or JSON files map)' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(MultipartSnapshotUploadModel) }, { $ref: getSchemaPath(JsonSnapshotUploadModel) }] },
  })
  @ApiCreatedResponse({ type: SnapshotCreatedModel, description: 'stored' })
  @ApiOkResponse({ type: SnapshotCreatedModel, description: 'the same content was already stored (`existing: true`)' })
  @ApiResponse({ status: 400, type: ApiErrorModel, description: 'INVALID_UPLOAD, CORRUPT_ARCHIVE, UNSAFE_PATH, UNSUPPORTED_ENTRY, ...' })
  @ApiResponse({ status: 403, type: ApiErrorModel, description: 'INSUFFICIENT_SCOPE: a read token' })
  @ApiResponse({ status: 413, type: ApiErrorModel, description: 'PAYLOAD_TOO_LARGE, UNPACKED_TOO_LARGE, TOO_MANY_FILES' })
  @ApiResponse({ status: 422, type: ApiErrorModel, description: 'SNAPSHOT_UNPARSABLE, with every issue' })
  async upload(@Req() req: Request, @UploadedFile() file: UploadedArchive | undefined, @Res() res: Response): Promise<void> {
    let result;
    if (req.is('multipart/form-data')) {
      if (file === undefined) throw new ApiException('INVALID_UPLOAD', 'the multipart upload has no `file` part', { fix: UPLOAD_FIX });
      const fields = validate(multipartSnapshotFieldsSchema, req.body ?? {}, 'body');
      result = await this.ingest.fromArchive(file.buffer, fields.name, archiveBaseName(file.originalname));
    } else if (req.is('application/json')) {
      const body = validate(jsonSnapshotUploadSchema, req.body, 'body');
      result = await this.ingest.fromJson(body.files, body.name);
    } else {
      throw new ApiException(
        'UNSUPPORTED_MEDIA_TYPE',
        `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not accepted`,
        { fix: UPLOAD_FIX },
      );
    }
    res.status(result.created ? 201 : 200).json(toCreatedDto(result.snapshot, !result.created));
  }

  @Get()
  @ApiOperation({ summary: 'List snapshots, newest first (cursor pagination; `first` is capped at 100)' })
  @ApiOkResponse({ type: SnapshotListModel })
  @ApiResponse({ status: 400, type: ApiErrorModel, description: 'BAD_REQUEST, INVALID_CURSOR' })
  async list(@Query() query: Record<string, unknown>): Promise<SnapshotListDto> {
    const { first, after } = validate(listSnapshotsQuerySchema, query, 'query');
    const page = await this.snapshots.list({ first: first ?? null, after: after ?? null });
    return { items: page.items.map(toSummaryDto), pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One snapshot: summary, hosts and file list' })
  @ApiOkResponse({ type: SnapshotDetailModel })
  @ApiResponse({ status: 404, type: ApiErrorModel, description: 'SNAPSHOT_NOT_FOUND' })
  async get(@Param('id') id: string): Promise<SnapshotDetailDto> {
    const record = await this.snapshots.get(id);
    if (record === null) throw snapshotNotFound(id);
    const [[hosts = []], files] = await Promise.all([this.snapshots.hostsBySnapshotIds([id]), this.snapshots.listFiles(id)]);
    return toDetailDto(record, hosts, files ?? []);
  }

  @Get(':id/files/*path')
  @ApiOperation({ summary: 'One file of the snapshot, as uploaded (text/plain)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the file content', schema: { type: 'string' } })
  @ApiResponse({ status: 404, type: ApiErrorModel, description: 'SNAPSHOT_NOT_FOUND, FILE_NOT_FOUND' })
  async file(@Param('id') id: string, @Param('path') path: string | string[], @Res() res: Response): Promise<void> {
    const filePath = Array.isArray(path) ? path.join('/') : path;
    const file = await this.snapshots.getFile(id, filePath);
    if (file === null) {
      if ((await this.snapshots.get(id)) === null) throw snapshotNotFound(id);
      throw new ApiException('FILE_NOT_FOUND', `snapshot ${id} has no file ${JSON.stringify(filePath)}`, {
        fix: `GET /api/v1/snapshots/${id} lists its files`,
      });
    }
    res.status(200).type('text/plain; charset=utf-8').setHeader('x-content-sha256', file.sha256);
    res.send(unpackFile(file).content);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('write')
  @ApiOperation({ summary: 'Delete a snapshot and everything stored with it' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiResponse({ status: 403, type: ApiErrorModel, description: 'INSUFFICIENT_SCOPE: a read token' })
  @ApiResponse({ status: 404, type: ApiErrorModel, description: 'SNAPSHOT_NOT_FOUND' })
  async delete(@Param('id') id: string): Promise<void> {
    if (!(await this.snapshots.delete(id))) throw snapshotNotFound(id);
  }
}
