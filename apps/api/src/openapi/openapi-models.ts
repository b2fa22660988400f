import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BRANCH_QUANTIFIERS,
  DISPOSITIONS,
  ERROR_CODES,
  FLOW_GENERATORS,
  JOB_KINDS,
  JOB_STATUSES,
  MAX_BATCH_FLOWS,
  type BatchFlowDto,
  type BranchQuantifier,
  type ExpectationSummaryDto,
  type FlowExpectation,
  type FlowGenerator,
  type JobDto,
  type JobErrorDto,
  type JobKind,
  type JobStatus,
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
  TCP_FLAG_NAMES,
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

export class PageInfoModel implements PageInfoDto {
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

const EXPECTATIONS: FlowExpectation[] = [...DISPOSITIONS, 'same-as-base'];

export class FlowModel {
  @ApiProperty({
    description: 'where the packet starts: `<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>`',
    example: 'vm-13-13-0-4',
  })
  from!: string;
  @ApiProperty({ format: 'ipv4', example: '13.13.0.4' }) src!: string;
  @ApiProperty({ format: 'ipv4', example: '192.169.100.1' }) dst!: string;
  @ApiPropertyOptional({ enum: ['tcp', 'udp', 'icmp'], description: 'default: tcp with ports, else icmp' }) proto?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 65535 }) sport?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 65535 }) dport?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 65535 }) icmpId?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 4294967295 }) mark?: number;
  @ApiPropertyOptional({
    type: [String],
    enum: TCP_FLAG_NAMES,
    description: 'flags of a TCP packet, e.g. ["ACK"] for one in the middle of a connection; default a SYN',
  })
  tcpFlags?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 255, description: 'IP TTL the packet is sent with; default 64' }) ttl?: number;
  @ApiPropertyOptional({ description: 'IPVS real server or OVN load balancer backend to pick, `ip:port`' }) backend?: string;
  @ApiPropertyOptional({
    description:
      'the branch to follow: a next hop of an OVN ECMP route, reroute policy or multipath route, a device, or the chain a statistic rule jumps to (KUBE-SEP-…)',
  })
  choose?: string;
  @ApiPropertyOptional({ description: 'trace the answer too (`reply` in the trace document)' }) roundTrip?: boolean;
  @ApiPropertyOptional({ maxLength: 300 }) label?: string;
  @ApiPropertyOptional({ enum: EXPECTATIONS, description: 'what the flow must do; `same-as-base` in diffs only' }) expect?: FlowExpectation;
  @ApiPropertyOptional({
    enum: BRANCH_QUANTIFIERS,
    description: 'where the trace has branches: `all` (default), every branch must meet `expect`; `any`, one is enough',
  })
  branches?: BranchQuantifier;
}

export class TraceJobRequestModel extends FlowModel {
  @ApiProperty({ format: 'uuid' }) snapshotId!: string;
}

export class FlowGeneratorModel {
  @ApiProperty({ enum: FLOW_GENERATORS }) name!: FlowGenerator;
  @ApiPropertyOptional({ type: [String], description: 'destinations of pods-to-outside' }) outside?: string[];
}

class FlowSetModel {
  @ApiPropertyOptional({ type: [FlowModel], maxItems: MAX_BATCH_FLOWS }) flows?: FlowModel[];
  @ApiPropertyOptional({ type: [FlowGeneratorModel], maxItems: 8 }) generators?: FlowGeneratorModel[];
  @ApiPropertyOptional({ enum: EXPECTATIONS, description: 'expectation of every flow that has none of its own' }) expect?: FlowExpectation;
  @ApiPropertyOptional({ enum: BRANCH_QUANTIFIERS, description: '`branches` of every flow that does not say: `all` (default) or `any`' })
  branches?: BranchQuantifier;
  @ApiPropertyOptional() roundTrip?: boolean;
}

export class TraceBatchRequestModel extends FlowSetModel {
  @ApiProperty({ format: 'uuid' }) snapshotId!: string;
}

export class DiffJobRequestModel extends FlowSetModel {
  @ApiProperty({ format: 'uuid' }) baseSnapshotId!: string;
  @ApiProperty({ format: 'uuid' }) targetSnapshotId!: string;
}

class JobProgressModel {
  @ApiProperty() done!: number;
  @ApiProperty({ description: 'flows to trace; 0 until the worker has counted them' }) total!: number;
}

class ExpectationSummaryModel implements ExpectationSummaryDto {
  @ApiProperty() passed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'flows without an expectation' }) unchecked!: number;
}

class JobErrorModel implements JobErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() details?: unknown;
}

export class JobModel implements JobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JOB_KINDS }) kind!: JobKind;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty({ type: JobProgressModel }) progress!: { done: number; total: number };
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'when completed: the trace document (trace), the batch summary (batch; flows at /flows), the diff (diff)',
  })
  result!: unknown;
  @ApiProperty({ type: ExpectationSummaryModel, nullable: true, description: 'when completed and some flow carried an expectation' })
  expectations!: ExpectationSummaryDto | null;
  @ApiProperty({ type: JobErrorModel, nullable: true }) error!: JobErrorDto | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class JobListModel {
  @ApiProperty({ type: [JobModel] }) items!: JobDto[];
  @ApiProperty({ type: PageInfoModel }) pageInfo!: PageInfoDto;
}

export class BatchFlowModel implements BatchFlowDto {
  @ApiProperty() index!: number;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ type: FlowModel }) request!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'disposition, dropReason, end point, diagnosis codes; or error' })
  outcome!: unknown;
  @ApiProperty({ type: String, nullable: true }) expect!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null without an expectation' }) passed!: boolean | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'the full trace document of a flow that failed its expectation',
  })
  trace!: unknown;
  @ApiProperty({
    type: [Number],
    description: "1-based numbers of the trace's branches that did not meet the expectation (a diff: the target's); empty without branches",
  })
  failedBranches!: number[];
}

export class BatchFlowListModel {
  @ApiProperty({ type: [BatchFlowModel] }) items!: BatchFlowDto[];
  @ApiProperty({ type: PageInfoModel }) pageInfo!: PageInfoDto;
}
