import { graphql } from '../../gql';
import type { HostRouteFragment } from '../../gql/graphql';

export const HostRouteFields = graphql(`
  fragment HostRoute on Route {
    table
    type
    dst
    dev
    gateway
    prefsrc
    protocol
    scope
    metric
    flags
    nexthops {
      gateway
      dev
      weight
    }
  }
`);

const TABLE_ORDER: Record<string, number> = { local: 0, main: 1, default: 2 };

/** local, main, default, then numbered tables in numeric order. */
function compareTables(a: string, b: string): number {
  const ra = TABLE_ORDER[a] ?? 3;
  const rb = TABLE_ORDER[b] ?? 3;
  if (ra !== rb) return ra - rb;
  const na = Number(a);
  const nb = Number(b);
  return Number.isNaN(na) || Number.isNaN(nb) ? a.localeCompare(b) : na - nb;
}

/** The routes of every table, one table per block, in the order `ip route show table all` keeps them. */
export function RoutesTables({ routes }: { routes: HostRouteFragment[] | null | undefined }) {
  if (routes === null || routes === undefined) return <p className="muted">Not captured (no ip-route file).</p>;
  if (routes.length === 0) return <p className="muted">No routes.</p>;
  const byTable = new Map<string, HostRouteFragment[]>();
  for (const route of routes) byTable.set(route.table, [...(byTable.get(route.table) ?? []), route]);
  return (
    <>
      {[...byTable.keys()].sort(compareTables).map((table) => (
        <details key={table} open={table !== 'local'} className="route-table">
          <summary>
            table <code>{table}</code> <span className="muted">({byTable.get(table)?.length} routes)</span>
          </summary>
          <div className="table-scroll">
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">Destination</th>
                  <th scope="col">Type</th>
                  <th scope="col">Via</th>
                  <th scope="col">Dev</th>
                  <th scope="col">Src</th>
                  <th scope="col">Proto</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Metric</th>
                </tr>
              </thead>
              <tbody>
                {(byTable.get(table) ?? []).map((r, i) => (
                  <tr key={i}>
                    <td className="mono">{r.dst}</td>
                    <td>{r.type}</td>
                    <td className="mono">
                      {r.nexthops.length > 0
                        ? r.nexthops.map((n, j) => (
                            <div key={j}>
                              {n.gateway ?? '—'} dev {n.dev ?? '—'} weight {n.weight}
                            </div>
                          ))
                        : (r.gateway ?? '—')}
                    </td>
                    <td className="mono">{r.dev ?? '—'}</td>
                    <td className="mono">{r.prefsrc ?? '—'}</td>
                    <td>{r.protocol ?? '—'}</td>
                    <td>{r.scope ?? '—'}</td>
                    <td>{r.metric ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </>
  );
}
