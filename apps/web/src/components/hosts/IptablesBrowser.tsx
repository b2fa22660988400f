import { Link } from '@tanstack/react-router';
import { graphql } from '../../gql';
import type { HostIptablesFragment } from '../../gql/graphql';
import { formatBytes, formatCount } from '../format';
import { RuleList } from './RuleList';

export const HostIptablesFields = graphql(`
  fragment HostIptables on Iptables {
    format
    backend
    version
    tables {
      name
      chains {
        name
        builtin
        policy
        packets
        bytes
        ruleCount
      }
    }
  }
`);

/** iptables by table, then chain (policy and counters), then the chosen chain's rules. */
export function IptablesBrowser(props: {
  snapshotId: string;
  host: string;
  iptables: HostIptablesFragment | null | undefined;
  table?: string;
  chain?: string;
}) {
  const { iptables } = props;
  if (iptables === null || iptables === undefined)
    return <p className="muted">Not captured (no iptables-save.txt): the host is simulated with no rules.</p>;
  const table =
    iptables.tables.find((t) => t.name === props.table) ?? iptables.tables.find((t) => t.name === 'filter') ?? iptables.tables[0];
  if (table === undefined) return <p className="muted">The ruleset is empty.</p>;
  const chain = table.chains.find((c) => c.name === props.chain) ?? table.chains[0];
  const chainNames = new Set(table.chains.map((c) => c.name));
  return (
    <div className="iptables">
      <p className="muted">
        {iptables.format}
        {iptables.version !== null && iptables.version !== undefined && ` ${iptables.version}`}
        {iptables.backend !== null && iptables.backend !== undefined && ` (${iptables.backend})`}
      </p>
      <div className="subtabs" role="tablist" aria-label="iptables tables">
        {iptables.tables.map((t) => (
          <Link
            key={t.name}
            role="tab"
            aria-selected={t.name === table.name}
            from="/snapshots/$snapshotId"
            to="."
            search={(prev) => ({ ...prev, table: t.name, chain: undefined })}
          >
            {t.name}
          </Link>
        ))}
      </div>
      <div className="iptables-panes">
        <nav className="chain-list" aria-label={`Chains of ${table.name}`}>
          <ul>
            {table.chains.map((c) => (
              <li key={c.name} className={c.name === chain?.name ? 'current' : undefined}>
                <Link
                  from="/snapshots/$snapshotId"
                  to="."
                  search={(prev) => ({ ...prev, table: table.name, chain: c.name })}
                  aria-current={c.name === chain?.name ? 'true' : undefined}
                  className="mono chain-name"
                >
                  {c.name}
                </Link>
                <span className="chain-facts">
                  {formatCount(c.ruleCount)} rule{c.ruleCount === 1 ? '' : 's'}
                  {c.policy !== null && c.policy !== undefined && (
                    <>
                      {' '}
                      · policy {c.policy} · {formatCount(c.packets)} pkts, {formatBytes(c.bytes)}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </nav>
        <section className="chain-rules" aria-label={chain === undefined ? 'Rules' : `Rules of ${chain.name}`}>
          {chain === undefined ? (
            <p className="muted">The table has no chains.</p>
          ) : (
            <>
              <h3>
                <code>
                  -t {table.name} {chain.name}
                </code>{' '}
                {chain.policy !== null && chain.policy !== undefined && (
                  <span className="muted">
                    policy {chain.policy} [{formatCount(chain.packets)} packets, {formatBytes(chain.bytes)}]
                  </span>
                )}
              </h3>
              <RuleList
                key={`${table.name}/${chain.name}`}
                chainRef={{ snapshotId: props.snapshotId, host: props.host, table: table.name, chain: chain.name }}
                total={chain.ruleCount}
                chainNames={chainNames}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
