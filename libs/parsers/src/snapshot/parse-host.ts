import type { Host, IptablesRuleset, NetInterface, ParseIssue, SnapshotFile } from '@hookpath/model';
import { parseBridgeFdbJson } from '../bridge-fdb';
import { parseConntrack } from '../conntrack';
import { parseIpAddrJson, parseIpAddrText, mergeLinkDetails } from '../ip-addr';
import { parseIpLinkJson, parseIpLinkText } from '../ip-link';
import { parseIpRouteJson, parseIpRouteText } from '../ip-route';
import { parseIpRuleJson, parseIpRuleText } from '../ip-rule';
import { parseIptablesS, parseIptablesSave } from '../iptables';
import { parseIpset } from '../ipset';
import { parseIpvsadm } from '../ipvsadm';
import { parseNeighJson } from '../neigh';
import { parseOvsInterfacesJson } from '../ovs-interfaces';
import { parseSysctl } from '../sysctl';
import { parseHostMetaYaml } from '../yaml-files';
import { hostFileKind } from './host-file-kind';

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function warning(file: string, message: string): ParseIssue {
  return { file, line: 0, column: 0, message, text: '' };
}

export interface ParseHostOptions {
  /** How iptables-save rules are read (parseIptablesSave's `rules`). */
  iptablesRules?: 'eager' | 'lazy' | 'unchecked' | 'tables';
}

/** Parses the files of one `hosts/<name>/` folder into a Host. */
export function parseHost(
  name: string,
  files: readonly SnapshotFile[],
  options: ParseHostOptions = {},
): { host: Host; errors: ParseIssue[]; warnings: ParseIssue[] } {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const host: Host = {
    name,
    meta: {},
    interfaces: null,
    routes: null,
    rules: null,
    sysctls: null,
    iptables: null,
    ipsets: null,
    conntrack: null,
    ipvs: null,
    fdb: null,
    neighbours: null,
    files: files.map((f) => f.path),
  };
  const take = <T>(result: { value: T; errors: ParseIssue[] }): T => {
    errors.push(...result.errors);
    return result.value;
  };
  // When a command was captured in both formats, the JSON one wins.
  const preferred = new Map<string, SnapshotFile>();
  for (const file of files) {
    const kind = hostFileKind(fileName(file.path));
    if (kind === null || !('format' in kind)) continue;
    const other = preferred.get(kind.kind);
    if (other === undefined || kind.format === 'json') {
      if (other !== undefined) warnings.push(warning(other.path, `ignored: ${fileName(file.path)} holds the same command in JSON`));
      preferred.set(kind.kind, file);
    } else {
      warnings.push(warning(file.path, `ignored: ${fileName(other.path)} holds the same command in JSON`));
    }
  }
  let addr: NetInterface[] | null = null;
  let link: NetInterface[] | null = null;
  const tableFiles: SnapshotFile[] = [];
  for (const file of files) {
    const name = fileName(file.path);
    const kind = hostFileKind(name);
    if (kind === null) {
      warnings.push(warning(file.path, 'not part of the snapshot layout; ignored'));
      continue;
    }
    const { content, path } = file;
    switch (kind.kind) {
      case 'meta':
        host.meta = take(parseHostMetaYaml(content, path));
        break;
      case 'ip-addr':
        if (preferred.get('ip-addr') === file)
          addr = take(kind.format === 'json' ? parseIpAddrJson(content, path) : parseIpAddrText(content, path));
        break;
      case 'ip-link':
        if (preferred.get('ip-link') === file)
          link = take(kind.format === 'json' ? parseIpLinkJson(content, path) : parseIpLinkText(content, path));
        break;
      case 'ip-route':
        if (preferred.get('ip-route') === file)
          host.routes = take(kind.format === 'json' ? parseIpRouteJson(content, path) : parseIpRouteText(content, path));
        break;
      case 'ip-rule':
        if (preferred.get('ip-rule') === file)
          host.rules = take(kind.format === 'json' ? parseIpRuleJson(content, path) : parseIpRuleText(content, path));
        break;
      case 'iptables-save':
        host.iptables = take(
          parseIptablesSave(content, path, {
            rules: options.iptablesRules ?? 'eager',
            ...(file.storedLines === undefined ? {} : { storedLines: file.storedLines }),
          }),
        );
        break;
      case 'iptables-table':
        tableFiles.push(file);
        break;
      case 'ipset':
        host.ipsets = take(parseIpset(content, path));
        break;
      case 'sysctl':
        host.sysctls = take(parseSysctl(content, path));
        break;
      case 'conntrack':
        host.conntrack = take(parseConntrack(content, path));
        break;
      case 'ipvsadm':
        host.ipvs = take(parseIpvsadm(content, path));
        break;
      case 'bridge-fdb':
        host.fdb = take(parseBridgeFdbJson(content, path));
        break;
      case 'neigh':
        host.neighbours = take(parseNeighJson(content, path));
        break;
      case 'ovs-interfaces':
        host.ovsInterfaces = take(parseOvsInterfacesJson(content, path));
        break;
      default: {
        const unreachable: never = kind;
        throw new Error(`unhandled host file kind ${JSON.stringify(unreachable)}`);
      }
    }
  }
  host.interfaces = addr !== null && link !== null ? mergeLinkDetails(addr, link) : (addr ?? link);
  if (tableFiles.length > 0) {
    if (host.iptables !== null) {
      for (const f of tableFiles) warnings.push(warning(f.path, 'ignored: iptables-save.txt of the same host takes precedence'));
    } else {
      const ruleset: IptablesRuleset = { format: 'iptables-S', tables: [] };
      for (const f of tableFiles) {
        const kind = hostFileKind(fileName(f.path));
        if (kind?.kind === 'iptables-table') ruleset.tables.push(take(parseIptablesS(f.content, f.path, kind.table)));
      }
      host.iptables = ruleset;
    }
  }
  return { host, errors, warnings };
}
