import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { simulate } from '../simulate';
import { TraceRequestError } from '../trace/trace-request-error';
import { editFile, exampleFiles, loadExample, parseExample } from '../pipeline/testing/load-example';
import type { Trace } from '../trace/trace';
import { FLOW_GENERATOR_NAMES, type GeneratedFlow } from './flow-types';
import { generateFlows } from './generate-flows';

const EXAMPLES = [
  '000-vpc-nat-gw-eip',
  '001-kube-ovn-default-vpc',
  '002-ovn-fip-distributed',
  '002-ovn-fip-snat-dnat',
  '003-br-netfilter',
  '003-br-netfilter-fixed',
  '004-eni-ipvs-rp-filter',
];

const labels = (flows: readonly GeneratedFlow[]): string[] => flows.map((f) => f.label);

describe('flow generators on the examples', () => {
  it('003: both pods to Service default/web 10.96.0.10:80/tcp, from the kube-proxy rules', () => {
    for (const example of ['003-br-netfilter', '003-br-netfilter-fixed']) {
      assert.deepEqual(generateFlows(loadExample(example), 'pods-to-services'), [
        {
          from: 'pod-a',
          packet: { src: '10.244.0.2', dst: '10.96.0.10', proto: 'tcp', dport: 80 },
          label: 'pod-a -> default/web:http 10.96.0.10:80/tcp',
        },
        {
          from: 'pod-b',
          packet: { src: '10.244.0.3', dst: '10.96.0.10', proto: 'tcp', dport: 80 },
          label: 'pod-b -> default/web:http 10.96.0.10:80/tcp',
        },
      ]);
    }
  });

  it('003: without an external host the pods ping 1.1.1.1 with distinct echo ids; nothing is exposed', () => {
    const model = loadExample('003-br-netfilter');
    assert.deepEqual(generateFlows(model, 'pods-to-outside'), [
      { from: 'pod-a', packet: { src: '10.244.0.2', dst: '1.1.1.1', proto: 'icmp', icmpId: 1 }, label: 'pod-a -> 1.1.1.1 icmp' },
      { from: 'pod-b', packet: { src: '10.244.0.3', dst: '1.1.1.1', proto: 'icmp', icmpId: 2 }, label: 'pod-b -> 1.1.1.1 icmp' },
    ]);
    // KUBE-NODEPORTS is empty and no rule DNATs a single address
    assert.deepEqual(generateFlows(model, 'outside-to-exposed'), []);
  });

  it('004: the pod to both IPVS virtual services, and the outside to every KUBE-LOAD-BALANCER member through the VPC router', () => {
    const model = loadExample('004-eni-ipvs-rp-filter');
    assert.deepEqual(generateFlows(model, 'pods-to-services'), [
      {
        from: 'pod-10-12-192-44',
        packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', dport: 80 },
        label: 'pod-10-12-192-44 -> ipvs 10.12.115.101:80/tcp',
      },
      {
        from: 'pod-10-12-192-44',
        packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', dport: 443 },
        label: 'pod-10-12-192-44 -> ipvs 10.12.115.101:443/tcp',
      },
    ]);
    // the external hosts' first addresses, in host order
    assert.deepEqual(labels(generateFlows(model, 'pods-to-outside')), [
      'pod-10-12-192-44 -> 10.253.4.194 icmp',
      'pod-10-12-192-44 -> 10.12.97.1 icmp',
    ]);
    const exposed = generateFlows(model, 'outside-to-exposed');
    assert.deepEqual(labels(exposed), [
      'vpc-router -> loadbalancer 10.12.97.70:80/tcp',
      'vpc-router -> loadbalancer 10.12.97.70:15021/tcp',
      'vpc-router -> loadbalancer 10.12.97.112:80/tcp',
      'vpc-router -> loadbalancer 10.12.115.101:80/tcp',
      'vpc-router -> loadbalancer 10.12.115.101:443/tcp',
    ]);
    // kube-ipvs0 faces nothing: the sender is the peer on eth0's segment, from its address in eth0's subnet
    assert.ok(exposed.every((f) => f.packet.src === '10.12.97.1'));
  });

  it("000: the external gateway to the EIP of the VPC NAT gateway's EXCLUSIVE_DNAT rule, and the VM pod to the gateway", () => {
    const model = loadExample('000-vpc-nat-gw-eip');
    const exposed = generateFlows(model, 'outside-to-exposed');
    assert.deepEqual(exposed, [
      {
        from: 'external-gw',
        packet: { src: '192.169.100.1', dst: '192.169.100.2', proto: 'icmp', icmpId: 1 },
        label: 'external-gw -> dnat vpc-nat-gw-eip-p7cs4r5y-0/EXCLUSIVE_DNAT 192.169.100.2 icmp',
      },
    ]);
    const t = simulate(model, exposed[0] as GeneratedFlow);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst], ['DELIVERED', 'vm-13-13-0-4', '13.13.0.4']);
    // the pod host; the VIF ports of subnet-skwgfk6s are bound to the VM's and the gateway's eth0, so they are those hosts'
    assert.deepEqual(generateFlows(model, 'pods-to-outside'), [
      {
        from: 'vm-13-13-0-4',
        packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 1 },
        label: 'vm-13-13-0-4 -> 192.169.100.1 icmp',
      },
    ]);
    assert.deepEqual(generateFlows(model, 'pods-to-services'), []);
  });

  it("001: the pods' OVN ports ping 1.1.1.1 through the node; kube-ovn's KUBE-NODE-PORT-LOCAL-TCP port arrives on the node's uplink from a documentation address", () => {
    const model = loadExample('001-kube-ovn-default-vpc');
    assert.deepEqual(generateFlows(model, 'pods-to-services'), []);
    // node-kube-ovn-worker is bound to kube-ovn-worker:ovn0, so the node is not a second sender
    const outside = generateFlows(model, 'pods-to-outside');
    assert.deepEqual(outside, [
      {
        from: 'ovn:app-0.default',
        packet: { src: '10.0.11.2', dst: '1.1.1.1', proto: 'icmp', icmpId: 1 },
        label: 'ovn:app-0.default -> 1.1.1.1 icmp',
      },
      {
        from: 'ovn:web-0.default',
        packet: { src: '10.16.0.5', dst: '1.1.1.1', proto: 'icmp', icmpId: 2 },
        label: 'ovn:web-0.default -> 1.1.1.1 icmp',
      },
    ]);
    // net1 has no SNAT for 1.1.1.1 (not a destination of its NAT policy rule); ovn-default is SNATed to the gateway node IP
    assert.deepEqual(
      outside.map((f) => simulate(model, f)).map((t) => [t.disposition, t.end?.host, t.end?.iface, t.end?.packet.src]),
      [
        ['EXITED', 'kube-ovn-worker', 'eth0', '10.0.11.2'],
        ['EXITED', 'kube-ovn-worker', 'eth0', '192.168.0.101'],
      ],
    );
    assert.deepEqual(generateFlows(model, 'outside-to-exposed'), [
      {
        from: 'kube-ovn-worker:eth0',
        packet: { src: '198.51.100.10', dst: '192.168.0.101', proto: 'tcp', dport: 32080 },
        label: 'kube-ovn-worker:eth0 -> nodeport 192.168.0.101:32080/tcp',
      },
    ]);
  });

  it('002 centralized: the FIPs and the router LB VIP from the localnet port; every VIF port to the LB VIP', () => {
    const model = loadExample('002-ovn-fip-snat-dnat');
    assert.deepEqual(generateFlows(model, 'outside-to-exposed'), [
      {
        from: 'ovn:ln-external',
        packet: { src: '198.51.100.10', dst: '172.19.0.8', proto: 'icmp', icmpId: 1 },
        label: 'ovn:ln-external -> fip vpc-75989 172.19.0.8 icmp',
      },
      {
        from: 'ovn:ln-external',
        packet: { src: '198.51.100.10', dst: '172.19.0.10', proto: 'tcp', dport: 8080 },
        label: 'ovn:ln-external -> lb dnat-74661 172.19.0.10:8080/tcp',
      },
      {
        from: 'ovn:ln-external',
        packet: { src: '198.51.100.10', dst: '172.19.0.11', proto: 'icmp', icmpId: 2 },
        label: 'ovn:ln-external -> fip vpc-75989 172.19.0.11 icmp',
      },
      {
        from: 'ovn:ln-external',
        packet: { src: '198.51.100.10', dst: '172.19.0.12', proto: 'icmp', icmpId: 3 },
        label: 'ovn:ln-external -> fip vpc-75989 172.19.0.12 icmp',
      },
    ]);
    const toServices = generateFlows(model, 'pods-to-services');
    // Switches in name order (external, join, overlay-subnet-73569, ovn-default), ports in table order.
    assert.deepEqual(labels(toServices), [
      'ovn:kube-ovn-control-plane -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:kube-ovn-worker -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:node-kube-ovn-control-plane -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:node-kube-ovn-worker -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:fip-busybox01.default -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:fip-busybox02.default -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:coredns-787d4945fb-5fdk7.kube-system -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:coredns-787d4945fb-pqp2t.kube-system -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:kube-ovn-pinger-5zrdb.kube-system -> lb dnat-74661 172.19.0.10:8080/tcp',
      'ovn:kube-ovn-pinger-hlg6t.kube-system -> lb dnat-74661 172.19.0.10:8080/tcp',
    ]);
    assert.deepEqual(toServices.find((f) => f.from === 'ovn:fip-busybox01.default')?.packet, {
      src: '192.168.0.4',
      dst: '172.19.0.10',
      proto: 'tcp',
      dport: 8080,
    });
    const outside = generateFlows(model, 'pods-to-outside');
    assert.deepEqual(
      outside.map((f) => f.packet.icmpId),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.ok(outside.every((f) => f.packet.dst === '1.1.1.1' && f.packet.proto === 'icmp'));
  });

  it('002 distributed: both FIPs of vpc1 from localnet.external; no load balancer, so no Service flows', () => {
    const model = loadExample('002-ovn-fip-distributed');
    assert.deepEqual(labels(generateFlows(model, 'outside-to-exposed')), [
      'ovn:localnet.external -> fip vpc1 172.19.0.12 icmp',
      'ovn:localnet.external -> fip vpc1 172.19.0.13 icmp',
    ]);
    const inbound = generateFlows(model, 'outside-to-exposed').map((f) => simulate(model, f));
    // The pods' ports are bound to no host of the snapshot: the packets leave the modelled world there.
    assert.deepEqual(
      inbound.map((t) => [t.disposition, t.end?.iface, t.end?.packet.dst]),
      [
        ['EXITED', 'nginx-netshoot-0.default', '192.168.0.2'],
        ['EXITED', 'nginx-netshoot-1.default', '192.168.0.3'],
      ],
    );
    assert.deepEqual(generateFlows(model, 'pods-to-services'), []);
  });

  it('every generated flow of every example is traced as generated: its packet, from its place', () => {
    const counts: Record<string, number> = {};
    for (const example of EXAMPLES) {
      const model = loadExample(example);
      let count = 0;
      for (const generator of FLOW_GENERATOR_NAMES) {
        for (const flow of generateFlows(model, generator)) {
          const t = simulate(model, flow);
          const where = `${example} ${generator}: ${flow.label}`;
          // the trace is of the generated packet, from where the flow says it starts
          const { src, dst, proto, dport } = t.packet;
          assert.deepEqual(
            { src, dst, proto, dport },
            { src: flow.packet.src, dst: flow.packet.dst, proto: flow.packet.proto, dport: flow.packet.dport },
            where,
          );
          const start = flow.from.startsWith('ovn:') ? null : (flow.from.split(':')[0] ?? '');
          if (start !== null) assert.equal(t.steps[0]?.host, start, where);
          else assert.ok(t.steps[0]?.stage !== undefined, `${where}: starts in the OVN pipeline`);
          count++;
        }
      }
      counts[example] = count;
    }
    assert.deepEqual(counts, {
      '000-vpc-nat-gw-eip': 2,
      '001-kube-ovn-default-vpc': 3,
      '002-ovn-fip-distributed': 4,
      '002-ovn-fip-snat-dnat': 24,
      '003-br-netfilter': 4,
      '003-br-netfilter-fixed': 4,
      '004-eni-ipvs-rp-filter': 9,
    });
  });

  it('is deterministic, honours limit, and takes the outside from the options', () => {
    const model = loadExample('002-ovn-fip-snat-dnat');
    const all = generateFlows(model, 'pods-to-services');
    assert.deepEqual(generateFlows(model, 'pods-to-services'), all);
    assert.deepEqual(generateFlows(model, 'pods-to-services', { limit: 3 }), all.slice(0, 3));
    assert.deepEqual(generateFlows(model, 'pods-to-services', { limit: 0 }), []);
    assert.throws(() => generateFlows(model, 'pods-to-services', { limit: -1 }), RangeError);

    const pods = loadExample('003-br-netfilter');
    const outside = generateFlows(pods, 'pods-to-outside', { outside: ['8.8.8.8', '9.9.9.9', '8.8.8.8'] });
    assert.deepEqual(
      outside.map((f) => [f.from, f.packet.dst, f.packet.icmpId]),
      [
        ['pod-a', '8.8.8.8', 1],
        ['pod-a', '9.9.9.9', 2],
        ['pod-b', '8.8.8.8', 3],
        ['pod-b', '9.9.9.9', 4],
      ],
    );
    assert.throws(() => generateFlows(pods, 'pods-to-outside', { outside: ['example.com'] }), TraceRequestError);
  });
});

/** Where each path of a trace takes the packet: the destination it ends with, one per branch (the trace itself without branches). */
const endpointsReached = (t: Trace): string[] =>
  (t.branches ?? [t]).map((b) => `${b.end?.packet.dst ?? '?'}:${b.end?.packet.dport ?? '?'}`);

/**
 * Generators give one flow per Service port, not per endpoint: the trace of that flow follows every
 * endpoint as a branch (TRACE-CONTRACT "Branches"), so a batch's expectation is checked on each of
 * them and a diff compares them all.
 */
describe('generated Service flows cover every endpoint of every Service', () => {
  it('004: each IPVS virtual service reaches its three real servers, one branch each', () => {
    const model = loadExample('004-eni-ipvs-rp-filter');
    const flows = generateFlows(model, 'pods-to-services');
    // ipvsadm.txt: 10.12.115.101:80 and :443, rr over 10.253.1.139, 10.253.3.5 and 10.253.4.194 (ports 8000 and 8443)
    assert.deepEqual(
      flows.map((f) => [f.packet.dport, endpointsReached(simulate(model, f))]),
      [
        [80, ['10.253.1.139:8000', '10.253.3.5:8000', '10.253.4.194:8000']],
        [443, ['10.253.1.139:8443', '10.253.3.5:8443', '10.253.4.194:8443']],
      ],
    );
  });

  it('003 with default/web spread by kube-proxy over three endpoints: every pod reaches all three', () => {
    const SVC = 'KUBE-SVC-CDGGSHYLG3RE2FKL';
    const sep = (chain: string, ip: string): string =>
      `:${chain} - [0:0]\n[0:0] -A ${chain} -s ${ip}/32 -j KUBE-MARK-MASQ\n[0:0] -A ${chain} -p tcp -m tcp -j DNAT --to-destination ${ip}:8080`;
    const files = editFile(exampleFiles('003-br-netfilter'), 'hosts/node-1/iptables-save.txt', (text) =>
      text.replace(
        `[1:60] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.3:8080" -j KUBE-SEP-TCD3IFXQZW3ZEZQU`,
        [
          `[0:0] -A ${SVC} -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-TCD3IFXQZW3ZEZQU`,
          `[0:0] -A ${SVC} -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B`,
          `[0:0] -A ${SVC} -j KUBE-SEP-C`,
        ].join('\n'),
      ),
    );
    // the two new endpoint chains, appended to the nat table
    const withChains = editFile(files, 'hosts/node-1/iptables-save.txt', (text) =>
      text.replace(/(\*nat\n(?:.*\n)*?)COMMIT/, `$1${sep('KUBE-SEP-B', '10.244.0.7')}\n${sep('KUBE-SEP-C', '10.244.0.2')}\nCOMMIT`),
    );
    const model = parseExample(withChains);
    const flows = generateFlows(model, 'pods-to-services');
    assert.deepEqual(
      flows.map((f) => f.from),
      ['pod-a', 'pod-b'],
    );
    for (const flow of flows) {
      const t = simulate(model, flow);
      const dnat = (t.branches ?? []).map((b) => b.steps.find((s) => s.verdict === 'DNAT')?.packetAfter?.dst);
      assert.deepEqual(dnat, ['10.244.0.3', '10.244.0.7', '10.244.0.2'], flow.label);
      assert.deepEqual(
        (t.branches ?? []).map((b) => Number(b.probability.toFixed(4))),
        [0.3333, 0.3333, 0.3333],
      );
    }
  });
});
