/**
 * What kube-proxy and kube-ovn objects an iptables rule stands for, read from the names they give
 * their sets and chains, the marks they use and kube-proxy's `ns/svc:port` comments. Pure text
 * functions: the netfilter explanations and the diagnosis both call them.
 */

/** kube-ovn's default-VPC ipsets (pkg/daemon/gateway_linux.go); the `ovn60` sets are the IPv6 twins. */
const KUBE_OVN_SETS: Readonly<Record<string, string>> = {
  subnets: "the CIDRs of the default VPC's overlay subnets (and the join subnet)",
  services: 'the Service CIDR (--service-cluster-ip-range)',
  'subnets-nat': 'the subnets with natOutgoing: true',
  'subnets-distributed-gw': 'the subnets whose gatewayType is distributed',
  'other-node': "the other nodes' internal IPs",
  'subnets-nat-policy': 'the subnets with natOutgoingPolicyRules',
  'local-pod-ip-nat': 'pod IPs with a node-local SNAT (deprecated, kept empty)',
};

/** kube-proxy's IPVS-mode ipsets (pkg/proxy/ipvs/ipset.go). */
const KUBE_PROXY_SETS: Readonly<Record<string, string>> = {
  'KUBE-CLUSTER-IP': 'every Service cluster IP:port',
  'KUBE-LOAD-BALANCER': 'every Service LoadBalancer IP:port',
  'KUBE-LOAD-BALANCER-LOCAL': 'LoadBalancer IP:port of Services with externalTrafficPolicy: Local',
  'KUBE-LOAD-BALANCER-FW': 'LoadBalancer IP:port of Services with loadBalancerSourceRanges',
  'KUBE-LOAD-BALANCER-SOURCE-IP': 'LoadBalancer IP:port,source pairs allowed by loadBalancerSourceRanges',
  'KUBE-LOAD-BALANCER-SOURCE-CIDR': 'LoadBalancer IP:port,source CIDR pairs allowed by loadBalancerSourceRanges',
  'KUBE-EXTERNAL-IP': 'Service externalIPs:port',
  'KUBE-EXTERNAL-IP-LOCAL': 'Service externalIPs:port with externalTrafficPolicy: Local',
  'KUBE-LOOP-BACK': 'endpoint IP,port,IP triples of hairpin traffic (a pod reaching itself through its Service)',
  'KUBE-NODE-PORT-TCP': 'TCP NodePorts',
  'KUBE-NODE-PORT-UDP': 'UDP NodePorts',
  'KUBE-NODE-PORT-SCTP-HASH': 'SCTP NodePorts',
  'KUBE-NODE-PORT-LOCAL-TCP': 'TCP NodePorts of Services with externalTrafficPolicy: Local',
  'KUBE-NODE-PORT-LOCAL-UDP': 'UDP NodePorts of Services with externalTrafficPolicy: Local',
  'KUBE-NODE-PORT-LOCAL-SCTP-HASH': 'SCTP NodePorts of Services with externalTrafficPolicy: Local',
  'KUBE-HEALTH-CHECK-NODE-PORT': 'health-check NodePorts',
  'KUBE-IPVS-IPS': 'every address bound to kube-ipvs0',
};

/** Marks kube-proxy and kube-ovn set on packets (value with its mask as they write it). */
const MARKS: Readonly<Record<string, string>> = {
  '0x4000': 'the masquerade mark: SNAT the packet when it leaves (kube-proxy KUBE-MARK-MASQ, kube-ovn OVN-PREROUTING)',
  '0x8000': 'kube-proxy KUBE-MARK-DROP: drop the packet',
  '0x80000': 'kube-ovn: a NodePort of a Service with externalTrafficPolicy: Local, keep the client source (no masquerade)',
  '0x90001': 'kube-ovn natOutgoingPolicyRules action masquerade: SNAT this flow',
  '0x90002': 'kube-ovn natOutgoingPolicyRules action forward: no SNAT for this flow',
  '0x90003': 'kube-ovn: a kubelet probe to a custom-VPC pod, routed to the local TProxy (ip rule fwmark 0x90003 -> table 10001)',
  '0x90004': 'kube-ovn: a kubelet probe redirected by TPROXY to the kube-ovn TProxy listener',
};

const setRe = /--match-set (\S+) (\S+)/g;
const markRe = /--(?:mark|set-xmark|set-mark|or-mark|xor-mark)\s+(0x[0-9a-f]+)(?:\/(0x[0-9a-f]+))?/gi;
const jumpRe = / -[jg] (\S+)/g;
const commentRe = /--comment (?:"([^"]*)"|(\S+))/;
/** kube-proxy comments: `ns/name:port ...` (port name may be empty: `ns/name ...`). */
const kubeProxyCommentRe = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9.-]*)(?::([A-Za-z0-9-]*))?(?: (.*))?$/;

/** What a named ipset stands for, or null for a set no known component names this way. */
export function describeKubeSet(name: string): string | null {
  const ovn = /^ovn[46]0(.+)$/.exec(name);
  if (ovn !== null) {
    const rest = ovn[1];
    const pr = /^natpr-([0-9a-f]+)-(src|dst)$/.exec(rest);
    if (pr !== null) return `kube-ovn: the ${pr[2] === 'src' ? 'source' : 'destination'} addresses of natOutgoingPolicyRules rule ${pr[1]}`;
    const known = KUBE_OVN_SETS[rest];
    return known === undefined ? null : `kube-ovn: ${known}`;
  }
  const kp = KUBE_PROXY_SETS[name];
  return kp === undefined ? null : `kube-proxy (IPVS mode): ${kp}`;
}

/** What a mark value means to kube-proxy / kube-ovn, or null. */
export function describeKubeMark(value: string): string | null {
  const v = value.toLowerCase().replace(/^0x0*(?=[0-9a-f])/, '0x');
  return MARKS[v] ?? null;
}

/** What a chain name stands for, or null. */
export function describeKubeChain(name: string): string | null {
  if (name.startsWith('KUBE-SVC-')) return 'kube-proxy: a Service port (one of its endpoints is picked here)';
  if (name.startsWith('KUBE-SEP-')) return 'kube-proxy: one endpoint of a Service port (DNAT to the pod)';
  if (name.startsWith('KUBE-FW-')) return 'kube-proxy: the LoadBalancer firewall of a Service (loadBalancerSourceRanges)';
  if (name.startsWith('KUBE-EXT-')) return 'kube-proxy: external traffic (NodePort, LoadBalancer, externalIPs) of a Service port';
  if (name.startsWith('KUBE-SVL-')) return 'kube-proxy: the node-local endpoints of a Service port (internal/externalTrafficPolicy: Local)';
  if (name === 'KUBE-MARK-MASQ') return 'kube-proxy: sets the masquerade mark 0x4000';
  if (name === 'KUBE-MARK-DROP') return 'kube-proxy: sets the drop mark 0x8000';
  if (name.startsWith('OVN-NAT-PSUBNET-')) return 'kube-ovn: the natOutgoingPolicyRules of one subnet';
  return null;
}

/** A kube-proxy comment (`default/web:http cluster IP`) as the Service it names. */
export function describeKubeProxyComment(comment: string): string | null {
  const m = kubeProxyCommentRe.exec(comment.trim());
  if (m === null) return null;
  const port = m[3] === undefined || m[3] === '' ? '' : ` port ${m[3]}`;
  const what = m[4] === undefined ? '' : ` (${m[4]})`;
  return `kube-proxy: Service ${m[1]}/${m[2]}${port}${what}`;
}

/** Every annotation of one rule's iptables-save text, deduplicated, in reading order. */
export function kubeAnnotations(ruleText: string): string[] {
  const out: string[] = [];
  const add = (s: string | null): void => {
    if (s !== null && !out.includes(s)) out.push(s);
  };
  const comment = commentRe.exec(ruleText);
  if (comment !== null) add(describeKubeProxyComment(comment[1] ?? comment[2] ?? ''));
  for (const m of ruleText.matchAll(jumpRe)) {
    const d = describeKubeChain(m[1]);
    if (d !== null) add(`${m[1]} = ${d}`);
  }
  for (const m of ruleText.matchAll(setRe)) {
    const d = describeKubeSet(m[1]);
    if (d !== null) add(`${m[1]} = ${d}`);
  }
  for (const m of ruleText.matchAll(markRe)) {
    const d = describeKubeMark(m[1]);
    if (d !== null) add(`mark ${m[1]} = ${d}`);
  }
  return out;
}
