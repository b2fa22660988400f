/**
 * One row of the OVS Interface table (`ovs-vsctl -f json list Interface`, a node's
 * `ovs-interfaces.json`). A column the capture did not include (`--columns=...`) or whose value is
 * an empty set is null (or `{}` for a map).
 */
export interface OvsInterface {
  name: string;
  /** `""` for a system interface (a veth end, a NIC), `internal`, `patch`, `geneve`, ... */
  type: string | null;
  /** The OpenFlow port; -1 when ovs-vswitchd could not add the interface. */
  ofport: number | null;
  /** The kernel ifindex ovs-vswitchd saw (0 for interfaces without one). */
  ifindex: number | null;
  macInUse: string | null;
  /** kube-ovn's `iface-id` (the logical switch port), `attached-mac`, `iface-status`, `pod_name`, `pod_namespace`, `ip`, ... */
  externalIds: Record<string, string>;
  options: Record<string, string>;
  status: Record<string, string>;
  /** Why ovs-vswitchd could not add the interface, when it says. */
  error: string | null;
}
