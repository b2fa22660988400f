import { HostResolver } from './host.resolver';
import { IpsetResolver } from './ipset.resolver';
import { IptablesChainResolver, IptablesResolver, IptablesTableResolver } from './iptables.resolver';
import { JobProgressResolver } from './job-progress.resolver';
import { JobResolver } from './job.resolver';
import { ReportResolver } from './report.resolver';
import { OvnLogicalRouterResolver, OvnLogicalSwitchResolver, OvnTopologyResolver } from './ovn.resolver';
import { SnapshotResolver } from './snapshot.resolver';
import { SnapshotUploadResolver } from './snapshot-upload.resolver';

/** Every resolver of the GraphQL API; the schema is built from exactly these. */
export const GRAPHQL_RESOLVERS = [
  SnapshotResolver,
  SnapshotUploadResolver,
  HostResolver,
  IpsetResolver,
  IptablesResolver,
  IptablesTableResolver,
  IptablesChainResolver,
  JobResolver,
  JobProgressResolver,
  OvnTopologyResolver,
  OvnLogicalSwitchResolver,
  OvnLogicalRouterResolver,
  ReportResolver,
] as const;
