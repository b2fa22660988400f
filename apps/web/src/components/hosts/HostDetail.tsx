import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';
import { InterfacesTable, wiringOf } from './InterfacesTable';
import { RoutesTables } from './RoutesTables';
import { IpRulesTable } from './IpRulesTable';
import { SysctlsPanel } from './SysctlsPanel';
import { IpsetsPanel } from './IpsetsPanel';
import { IptablesBrowser } from './IptablesBrowser';

const HostDetailQuery = graphql(`
  query HostDetail($id: ID!, $host: String!) {
    snapshot(id: $id) {
      id
      topology {
        ...TopologyWiring
      }
      host(name: $host) {
        name
        role
        node
        notes
        files
        interfaces {
          ...HostInterface
        }
        routes {
          ...HostRoute
        }
        rules {
          ...HostIpRule
        }
        conf: sysctls(keys: ["net.ipv4.conf.*.rp_filter", "net.ipv4.conf.*.src_valid_mark"]) {
          key
          value
        }
        forward: sysctls(keys: ["net.ipv4.ip_forward"]) {
          key
          value
        }
        bridge: sysctls(
          keys: ["net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "net.bridge.bridge-nf-call-arptables"]
        ) {
          key
          value
        }
        ipsets {
          ...HostIpset
        }
        iptables {
          ...HostIptables
        }
      }
    }
  }
`);

const SECTIONS = [
  ['interfaces', 'Interfaces'],
  ['routes', 'Routes'],
  ['rules', 'IP rules'],
  ['sysctls', 'Sysctls'],
  ['ipsets', 'ipsets'],
  ['iptables', 'iptables'],
] as const;

/** Everything captured in one host: interfaces, routes, rules, the sysctls that matter, ipsets and iptables. */
export function HostDetail({ snapshotId, host, table, chain }: { snapshotId: string; host: string; table?: string; chain?: string }) {
  const [result] = useQuery({ query: HostDetailQuery, variables: { id: snapshotId, host } });
  // A link to a chain (`table`/`chain` in the URL) opens with the iptables section in view, once.
  const scrolled = useRef(false);
  const loaded = result.data !== undefined;
  useEffect(() => {
    if (!loaded || scrolled.current) return;
    scrolled.current = true;
    if (table !== undefined || chain !== undefined) document.getElementById('host-iptables')?.scrollIntoView();
  }, [loaded, table, chain]);
  if (result.error !== undefined) return <ErrorPanel error={result.error} />;
  if (result.data === undefined) return <div className="skeleton-block tall" aria-busy="true" />;
  const h = result.data.snapshot?.host;
  const wiring = wiringOf(host, result.data.snapshot?.topology);
  if (h === null || h === undefined) return <p>The snapshot has no host named {host}.</p>;
  const section = (id: string) => `host-${id}`;
  return (
    <article aria-label={`Host ${h.name}`}>
      <h2 className="host-title">
        {h.name} {h.role !== null && h.role !== undefined && <span className={`role role-${h.role}`}>{h.role}</span>}
        {h.node !== null && h.node !== undefined && <span className="muted"> on {h.node}</span>}
      </h2>
      {h.notes !== null && h.notes !== undefined && <p className="muted">{h.notes}</p>}
      <nav className="section-nav" aria-label="Sections">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${section(id)}`}>
            {label}
          </a>
        ))}
        <details className="files">
          <summary>{h.files.length} files</summary>
          <ul className="mono">
            {h.files.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </details>
      </nav>
      <section id={section('interfaces')}>
        <h3>Interfaces</h3>
        <InterfacesTable interfaces={h.interfaces} wiring={wiring} />
      </section>
      <section id={section('routes')}>
        <h3>Routes</h3>
        <RoutesTables routes={h.routes} />
      </section>
      <section id={section('rules')}>
        <h3>IP rules</h3>
        <IpRulesTable rules={h.rules} />
      </section>
      <section id={section('sysctls')}>
        <h3>Sysctls that decide forwarding</h3>
        <SysctlsPanel conf={h.conf ?? null} forward={h.forward ?? null} bridge={h.bridge ?? null} />
      </section>
      <section id={section('ipsets')}>
        <h3>ipsets</h3>
        <IpsetsPanel snapshotId={snapshotId} host={h.name} ipsets={h.ipsets} />
      </section>
      <section id={section('iptables')}>
        <h3>iptables</h3>
        <IptablesBrowser snapshotId={snapshotId} host={h.name} iptables={h.iptables} table={table} chain={chain} />
      </section>
    </article>
  );
}
