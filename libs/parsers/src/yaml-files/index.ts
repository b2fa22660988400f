export { parseHostMetaYaml, parseSnapshotMetaYaml, parseTopologyYaml } from './parse-yaml-files';
