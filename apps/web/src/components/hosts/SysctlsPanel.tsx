import type { SysctlEntry } from './sysctl-effective';
import { rpFilterMeaning, sysctlsThatMatter } from './sysctl-effective';

const show = (value: string | null) => value ?? '—';

function Effective({ value, meaning }: { value: string | null; meaning?: string }) {
  if (value === null) return <span className="muted">—</span>;
  return (
    <span className="effective" title="the value the kernel uses">
      {value}
      {meaning !== undefined && <span className="muted"> {meaning}</span>}
    </span>
  );
}

/** ip_forward, rp_filter (all, default, each interface), src_valid_mark and bridge-nf-call-*, with the value in force highlighted. */
export function SysctlsPanel({
  conf,
  forward,
  bridge,
}: {
  conf: SysctlEntry[] | null;
  forward: SysctlEntry[] | null;
  bridge: SysctlEntry[] | null;
}) {
  if (conf === null || forward === null || bridge === null)
    return <p className="muted">Not captured (no sysctl.txt): the simulation assumes kernel defaults.</p>;
  const s = sysctlsThatMatter(conf, forward, bridge);
  return (
    <div className="sysctls">
      <dl className="facts">
        <dt>net.ipv4.ip_forward</dt>
        <dd>
          <Effective
            value={s.ipForward}
            meaning={s.ipForward === '1' ? 'forwarding' : s.ipForward === '0' ? 'not forwarding' : undefined}
          />
        </dd>
        <dt>bridge-nf-call-*</dt>
        <dd>
          {s.bridge.length === 0 ? (
            <span className="muted">not present: br_netfilter not loaded, bridged frames skip iptables</span>
          ) : (
            s.bridge.map((e) => (
              <div key={e.key}>
                <code>{e.key}</code> = <Effective value={e.value} />
              </div>
            ))
          )}
        </dd>
        <dt>conf.all</dt>
        <dd>
          rp_filter {show(s.rpFilterAll)} ({rpFilterMeaning(s.rpFilterAll)}), src_valid_mark {show(s.srcValidMarkAll)}
        </dd>
        <dt>conf.default</dt>
        <dd>
          rp_filter {show(s.rpFilterDefault)}, src_valid_mark {show(s.srcValidMarkDefault)}{' '}
          <span className="muted">(only for interfaces created after the capture)</span>
        </dd>
      </dl>
      {s.interfaces.length > 0 && (
        <div className="table-scroll">
          <table className="data compact">
            <caption className="muted">
              Per interface: the kernel uses max(all, iface) for rp_filter and all OR iface for src_valid_mark.
            </caption>
            <thead>
              <tr>
                <th scope="col">Interface</th>
                <th scope="col">rp_filter</th>
                <th scope="col">in force</th>
                <th scope="col">src_valid_mark</th>
                <th scope="col">in force</th>
              </tr>
            </thead>
            <tbody>
              {s.interfaces.map((i) => (
                <tr key={i.iface}>
                  <td className="mono">{i.iface}</td>
                  <td>{show(i.rpFilter)}</td>
                  <td>
                    <Effective value={i.rpFilterEffective} meaning={rpFilterMeaning(i.rpFilterEffective)} />
                  </td>
                  <td>{show(i.srcValidMark)}</td>
                  <td>
                    <Effective value={i.srcValidMarkEffective} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
