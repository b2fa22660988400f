import type { HostMeta, ParseResult, SnapshotMeta, Topology } from '@hookpath/model';
import { parseYamlWithSchema } from './yaml-schema-document';
import { hostMetaSchema, snapshotMetaSchema, topologySchema } from './yaml-schemas';

/** `topology.yaml`: links (veth pairs) and segments (outside L2 domains) between `host:iface` endpoints. */
export function parseTopologyYaml(content: string, file: string): ParseResult<Topology> {
  return parseYamlWithSchema(content, file, topologySchema, { links: [], segments: [] });
}

/** `hosts/<host>/meta.yaml`: role, the node a pod runs on, notes. */
export function parseHostMetaYaml(content: string, file: string): ParseResult<HostMeta> {
  return parseYamlWithSchema(content, file, hostMetaSchema, {});
}

/** `snapshot.yaml`: name, cluster, capturedAt (RFC 3339), description. */
export function parseSnapshotMetaYaml(content: string, file: string): ParseResult<SnapshotMeta> {
  return parseYamlWithSchema(content, file, snapshotMetaSchema, {});
}
