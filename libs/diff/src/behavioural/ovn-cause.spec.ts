import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TraceStep } from '@hookpath/engine';
import { kubeOvnNorthbound, recaptured, routerOf } from '../testing/ovn-models';
import { diffOvn } from '../structural/ovn-diff';
import { ChangeIndex } from './change-index';

const aclStep = (uuid: string, text: string): TraceStep => ({
  host: 'ovn-default',
  kind: 'ovn',
  datapath: 'ovn-default',
  stage: 'ls_out_acl',
  explanation: `Allowed by ACL ${text}.`,
  object: { table: 'ACL', uuid, text, owner: null },
});

describe('behavioural diff: the OVN change a step rests on', () => {
  const base = kubeOvnNorthbound();
  const target = recaptured(base);
  target.acls[0].action = 'reject';
  target.addressSets?.[0].addresses.push('10.16.0.8');
  routerOf(target, 'ovn-cluster').policies?.push({
    uuid: 'p-new',
    priority: 29000,
    match: 'ip4.src == $ovn.default.kind.control.plane_ip4',
    action: 'reroute',
    nexthops: ['100.64.0.2'],
  });
  const index = new ChangeIndex({ hosts: { added: [], removed: [], changed: [] }, changes: diffOvn(base, target), nat: [] });

  it('by the UUID of the row that decided, on either side (UUIDs differ between the captures)', () => {
    const text = 'to-lport priority 2000 match "outport == @web.default && ip" action reject';
    for (const uuid of ['acl-web-drop', 'acl-web-drop-recaptured']) {
      assert.deepEqual(index.causeOf(aclStep(uuid, text)), {
        kind: 'ovn',
        host: '',
        description: 'OVN port_group/web.default/acl/to-lport 2000 "outport == @web.default && ip" changed',
        base: 'to-lport 2000 "outport == @web.default && ip" action=drop tier=2',
        target: 'to-lport 2000 "outport == @web.default && ip" action=reject tier=2',
      });
    }
    const policy: TraceStep = {
      host: 'ovn-cluster',
      kind: 'ovn',
      datapath: 'ovn-cluster',
      stage: 'lr_in_policy',
      explanation: 'Router ovn-cluster: policy ... reroutes to 100.64.0.2',
      object: { table: 'Logical_Router_Policy', uuid: 'p-new', text: 'priority 29000 ...', owner: null },
    };
    assert.equal(
      index.causeOf(policy)?.description,
      'OVN logical_router/ovn-cluster/policy/29000 "ip4.src == $ovn.default.kind.control.plane_ip4" added',
    );
  });

  it('an unchanged ACL whose match names a changed address set rests on that set', () => {
    const step = aclStep(
      'acl-web-allow-0-recaptured',
      'to-lport priority 2001 match "outport == @web.default && ip4 && ip4.src == $web.default.ingress.allow.IPv4.0" action allow-related',
    );
    assert.deepEqual(index.causeOf(step), {
      kind: 'ovn',
      host: '',
      description: 'OVN address_set/web.default.ingress.allow.IPv4.0/address/10.16.0.8 added',
      target: '10.16.0.8',
    });
  });

  it('an unchanged ACL naming nothing that changed rests on nothing (its match words do not point at other ACLs)', () => {
    assert.equal(index.causeOf(aclStep('acl-other', 'to-lport priority 1000 match "ip4 && tcp" action allow')), null);
  });
});
