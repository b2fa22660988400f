import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';
import { parseOvnTraceDetailed, type OvnOutcome, type OvnTrace } from './ovn-trace-detailed';

/**
 * Golden pairs: fixtures/<name>.txt is real `ovn-trace --detailed` output (OVN 23.03, captured by
 * the sandbox from the scenario named below), <name>.cmd the command, <name>.json the parse.
 * HOOKPATH_UPDATE_FIXTURES=1 rewrites the .json files (review the diff).
 */
const FIXTURES = resolve(ROOT, 'test/conformance-ovn/fixtures');
const UPDATE = process.env.HOOKPATH_UPDATE_FIXTURES === '1';

/** What each fixture shows, in one line: the outcome and the NAT actions. */
const MEANING: Record<string, string> = {
  'ct-snat-centralized-fip':
    'output external/localnet.external 172.20.0.50->172.20.0.1 eth 00:00:00:1a:ee:01->00:00:00:00:ee:01 ttl 63 | vpc-a/lr_out_snat ct_snat_in_czone src=172.20.0.50',
  'stateless-snat':
    'output external/localnet.external 172.20.0.52->172.20.0.1 eth 00:00:00:aa:00:11->00:00:00:00:ee:01 ttl 63 | vpc-a/lr_out_snat ip4.src = src=172.20.0.52',
  'router-lb-pinned':
    'output subnet-a/app-1.ns1 172.20.0.1->10.0.1.11 eth 00:00:00:1a:01:01->00:00:00:aa:00:11 ttl 63 | vpc-a/lr_in_dnat ct_lb dst=10.0.1.11:80',
  'switch-lb-lb-dst':
    'output subnet-a/app-0.ns1 10.0.1.12->10.0.1.10 eth 00:00:00:1a:01:01->00:00:00:aa:00:10 ttl 63 | subnet-a/ls_in_pre_stateful ct_lb dst=10.0.1.10:8080 (lb-dst)',
  'lb-hairpin-snat-to-vip':
    'output subnet-a/app-0.ns1 10.96.0.20->10.0.1.10 eth 00:00:00:1a:01:01->00:00:00:aa:00:10 ttl 64 | subnet-a/ls_in_pre_stateful ct_lb dst=10.0.1.10:8080 (lb-dst); subnet-a/ls_in_nat_hairpin ct_snat_to_vip src=10.96.0.20',
  'arp-request': 'arp-request vpc-a/lr_in_arp_request 172.20.0.99 | ',
  'router-echo-reply': 'reply icmp4-echo-reply vpc-a/lr_in_ip_input -> subnet-a/app-0.ns1 10.0.1.1->10.0.1.10 | ',
  'acl-reject-tcp-reset': 'reply tcp_reset subnet-a/ls_out_acl -> subnet-a/app-0.ns1 10.0.1.11->10.0.1.10 | ',
  'router-port-unreachable': 'reply icmp4 vpc-c/lr_in_ip_input -> subnet-c/app-0.ns3 10.0.3.1->10.0.3.10 | ',
  'policy-drop': 'drop vpc-a/lr_in_policy priority 30000 | ',
  'no-route': 'drop vpc-c/lr_in_ip_routing priority 0 | ',
  'ecmp-select-id': 'output external/localnet.external 10.0.1.10->10.8.0.1 eth 00:00:00:1a:ee:01->00:00:00:00:ee:03 ttl 63 | ',
  'acl-after-lb-drop': 'drop subnet-d/ls_in_acl_after_lb priority 2000 | ',
  'default-vpc-reroute': 'output join/node-kube-ovn-worker 10.16.0.10->8.8.8.8 eth 00:00:00:47:24:2f->00:00:00:93:93:4a ttl 63 | ',
  'flood-to-nobody': 'drop external/ls_in_l2_unknown priority 50 (flood reached no port) | ',
};

function outcomeText(o: OvnOutcome): string {
  switch (o.kind) {
    case 'output': {
      const h = o.headers;
      return `output ${o.datapath}/${o.port} ${h.src}->${h.dst ?? '?'} eth ${h.ethSrc}->${h.ethDst} ttl ${h.ttl}`;
    }
    case 'drop':
      return `drop ${o.datapath}/${o.stage} priority ${o.priority}${o.flood ? ' (flood reached no port)' : ''}`;
    case 'arp-request':
      return `arp-request ${o.datapath}/${o.stage} ${o.address}`;
    case 'reply':
      return `reply ${o.generator} ${o.datapath}/${o.stage} -> ${o.output === null ? 'nowhere' : `${o.output.datapath}/${o.output.port} ${o.output.headers.src}->${o.output.headers.dst ?? '?'}`}`;
    case 'none':
      return `none ${o.datapath}/${o.stage}`;
  }
}

const meaning = (t: OvnTrace): string =>
  `${outcomeText(t.outcome)} | ${t.nat.map((n) => `${n.datapath}/${n.stage} ${n.action} ${n.field}=${n.to ?? '?'}${n.port === null ? '' : `:${n.port}`}${n.viaLbDst ? ' (lb-dst)' : ''}`).join('; ')}`;

describe('ovn-trace --detailed parser (golden fixtures from OVN 23.03)', () => {
  const names = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();

  it('every fixture has a stated meaning', () => assert.deepEqual(names, Object.keys(MEANING).sort()));

  for (const name of names) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8');
      const lbDst = /--lb-dst[= ](\S+)/.exec(readFileSync(join(FIXTURES, `${name}.cmd`), 'utf8'))?.[1];
      const trace = parseOvnTraceDetailed(text, lbDst === undefined ? {} : { lbDst });
      assert.equal(meaning(trace), MEANING[name]);
      const file = join(FIXTURES, `${name}.json`);
      if (UPDATE) writeFileSync(file, `${JSON.stringify(trace, null, 2)}\n`);
      assert.deepEqual(trace, JSON.parse(readFileSync(file, 'utf8')) as OvnTrace);
    });
  }

  it('refuses text that is not ovn-trace --detailed output', () => {
    assert.throws(() => parseOvnTraceDetailed('ovn-trace: unix:/x: database connection failed\n'), /no "# <microflow>" first line/);
  });
});
