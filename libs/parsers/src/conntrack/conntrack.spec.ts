import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseConntrack } from './index';

runGoldens('conntrack', parseConntrack);

// The capture kernel has no flow table, SELinux or SCTP; these lines follow libnetfilter_conntrack's
// __snprintf_conntrack_default (field order, `[OFFLOAD] `, `secctx=%s `, `zone-orig=%u `, timestamps).
test('conntrack: offload, secctx, sctp state, directional zones, timestamps', () => {
  const content = [
    'tcp      6 src=10.0.0.2 dst=10.0.1.2 sport=40000 dport=443 src=10.0.1.2 dst=10.0.0.2 sport=443 dport=40000 [OFFLOAD] mark=0 use=2',
    'ipv4     2 udp      17 28 src=10.0.0.2 dst=10.0.1.2 sport=5000 dport=53 src=10.0.1.2 dst=10.0.0.2 sport=53 dport=5000 [HW_OFFLOAD] mark=0 secctx=system_u:object_r:unlabeled_t:s0 use=1',
    'sctp     132 431999 ESTABLISHED src=10.0.0.2 dst=10.0.1.2 sport=36412 dport=38412 zone-orig=3 src=10.0.1.2 dst=10.0.0.2 sport=38412 dport=36412 zone-reply=3 [ASSURED] mark=0 use=1',
    'tcp      6 119 TIME_WAIT src=10.0.0.2 dst=10.0.1.2 sport=40010 dport=80 src=10.0.1.2 dst=10.0.0.2 sport=80 dport=40010 [ASSURED] mark=0 delta-time=12 [start=Mon Jan  1 10:00:00 2024] use=1',
  ].join('\n');
  const { value, errors } = parseConntrack(content, 'conntrack.txt');
  assert.deepEqual(errors, []);
  assert.equal(value.length, 4);
  assert.deepEqual([value[0].assured, value[0].timeout, value[0].state, value[0].use], [true, undefined, undefined, 2]);
  assert.equal(value[1].secctx, 'system_u:object_r:unlabeled_t:s0');
  assert.deepEqual([value[2].protocol, value[2].protoNum, value[2].state], ['sctp', 132, 'ESTABLISHED']);
  assert.deepEqual(value[2].reply, { src: '10.0.1.2', dst: '10.0.0.2', sport: 38412, dport: 36412, zone: 3 });
  assert.equal(value[2].original.zone, 3);
  assert.equal(value[3].line, 4);
});

// conntrack -L on this machine after `-j CT --zone-orig 5` / `--zone-reply 6`: the zone sits in its tuple
test('conntrack: directional zones belong to their tuple', () => {
  const content = [
    'udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=41102 dport=7000 zone-orig=5 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=7000 dport=41102 mark=0 use=1',
    'udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=41102 dport=7001 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=7001 dport=41102 zone-reply=6 mark=0 use=1',
    'udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=41102 dport=7002 zone-reply=6 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=7002 dport=41102 mark=0 use=1',
  ].join('\n');
  const { value, errors } = parseConntrack(content, 'conntrack.txt');
  assert.deepEqual([value[0]?.original.zone, value[0]?.reply.zone, value[0]?.zone], [5, undefined, undefined]);
  assert.deepEqual([value[1]?.original.zone, value[1]?.reply.zone], [undefined, 6]);
  assert.deepEqual(
    errors.map((e) => [e.line, e.message]),
    [[3, 'zone-reply= in the original tuple']],
  );
});

test('conntrack: a line missing its reply tuple', () => {
  const { value, errors } = parseConntrack('udp      17 29 src=10.0.0.2 dst=10.0.1.2 sport=1 dport=2 mark=0 use=1\n', 'ct.txt');
  assert.deepEqual(value, []);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column]),
    [[1, 58]],
  );
});
