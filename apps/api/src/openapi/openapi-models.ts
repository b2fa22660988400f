import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ERROR_CODES,
  type ErrorCode,
  type HealthDependencyDto,
  type HealthDto,
  type PageInfoDto,
  type SnapshotCreatedDto,
  type SnapshotDetailDto,
  type SnapshotFileDto,
  type SnapshotHostDto,
  type SnapshotListDto,
  type SnapshotSummaryDto,
} from '@hookpath/contracts';
import type { ParseIssue } from '@hookpath/model';

// OpenAPI descriptions of the contracts in @hookpath/contracts (which stays free of Nest).

export class ParseIssueModel implements ParseIssue {
  @ApiProperty({ example: 'hosts/node-1/iptables-save.txt' }) file!: string;
  @ApiProperty({ description: '1-based; 0 when the problem concerns the whole file' }) line!: number;
  @ApiProperty({ description: '1-based; 0 when not applicable' }) column!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'the offending line, verbatim' }) text!: string;
}

class ApiErrorDetailModel {
  @ApiProperty({ enum: ERROR_CODES }) code!: ErrorCode;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() fix?: string;
  @ApiPropertyOptional({ type: [ParseIssueModel] }) issues?: ParseIssue[];
  @ApiPropertyOptional() requestId?: string;
}

export class ApiErrorModel {
  @ApiProperty({ type: ApiErrorDetailModel }) error!: ApiErrorDetailModel;
}

export class JsonSnapshotUploadModel {
  @ApiPropertyOptional({ description: 'display name; defaults to snapshot.yaml `name`' }) name?: string;
  @ApiProperty({
    description: 'file contents by relative path (SNAPSHOT-LAYOUT.md)',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'hosts/node-1/iptables-save.txt': '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' },
  })
  files!: Record<string, string>;
}

export class MultipartSnapshotUploadModel {
  @ApiProperty({ type: 'string', format: 'binary', description: '.tar.gz of the snapshot folder' }) file!: unknown;
  @ApiPropertyOptional() name?: string;
}

export class SnapshotCreatedModel implements SnapshotCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'sha256 over the sorted file list; same content, same hash' }) contentHash!: string;
  @ApiProperty() fileCount!: number;
  @ApiProperty({ type: [String] }) hosts!: string[];
  @ApiProperty({ type: [ParseIssueModel], description: 'files outside the layout, ignored' }) warnings!: ParseIssue[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'true when the same content had been uploaded before (HTTP 200)' }) existing!: boolean;
}

export class SnapshotSummaryModel implements SnapshotSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) cluster!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'RFC 3339, from snapshot.yaml' }) capturedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() contentHash!: string;
  @ApiProperty() fileCount!: number;
  @ApiProperty() totalBytes!: number;
  @ApiProperty({ type: [String] }) hosts!: string[];
  @ApiProperty() warningCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class PageInfoModel implements PageInfoDto {
  @ApiProperty({ type: String, nullable: true }) endCursor!: string | null;
  @ApiProperty() hasNextPage!: boolean;
}

export class SnapshotListModel implements SnapshotListDto {
  @ApiProperty({ type: [SnapshotSummaryModel] }) items!: SnapshotSummaryDto[];
  @ApiProperty({ type: PageInfoModel }) pageInfo!: PageInfoDto;
}

class SnapshotHostModel implements SnapshotHostDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
  @ApiProperty({ type: String, nullable: true }) node!: string | null;
  @ApiProperty({ type: [String] }) files!: string[];
}

class SnapshotFileModel implements SnapshotFileDto {
  @ApiProperty() path!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
}

export class SnapshotDetailModel implements SnapshotDetailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) cluster!: string | null;
  @ApiProperty({ type: String, nullable: true }) capturedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() contentHash!: string;
  @ApiProperty() fileCount!: number;
  @ApiProperty() totalBytes!: number;
  @ApiProperty() warningCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [SnapshotHostModel] }) hosts!: SnapshotHostDto[];
  @ApiProperty({ type: [SnapshotFileModel] }) files!: SnapshotFileDto[];
  @ApiProperty({ type: [ParseIssueModel] }) warnings!: ParseIssue[];
  @ApiProperty({ type: [String] }) rawOnly!: string[];
}

class HealthDependencyModel implements HealthDependencyDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional() error?: string;
}

export class HealthModel implements HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: HealthDependencyModel }) postgres!: HealthDependencyDto;
  @ApiProperty({ type: HealthDependencyModel }) redis!: HealthDependencyDto;
}
