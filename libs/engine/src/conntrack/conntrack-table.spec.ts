import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ConntrackState, ConntrackTable } from './conntrack-table';
import { invertTuple, tupleKey, type Connection } from './connection';
import type { CtTuple } from './ct-view';

function conn(id: number, original: CtTuple): Connection {
  return {
    id,
    proto: original.proto,
    original,
    reply: invertTuple(original),
    icmpTypes: null,
    seenReply: true,
    assured: true,
    confirmed: true,
    mark: 0,
    zone: 0,
    tcpState: 'ESTABLISHED',
    timeout: 100,
    origin: { kind: 'snapshot', file: 'hosts/gw/conntrack.txt', line: id, text: `entry ${id}` },
  };
}

const tuple = (sport: number): CtTuple => ({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', sport, dport: 80 });
const key = (t: CtTuple): string => tupleKey(t, null, 0);

describe("a trace's conntrack table over the snapshot's", () => {
  const a = conn(1, tuple(40001));
  const b = conn(2, tuple(40002));
  const snapshot = new ConntrackTable([a, b]);

  it('finds a snapshot entry by either tuple, as a copy the trace may change', () => {
    const table = snapshot.overlay();
    const hit = table.lookup(key(a.reply));
    assert.ok(hit !== undefined && hit.conn !== a);
    assert.equal(hit.direction, 'REPLY');
    assert.deepEqual(hit.conn, a);
    hit.conn.mark = 7;
    assert.equal(table.lookup(key(a.original))?.conn, hit.conn, 'the other tuple finds the same copy');
    assert.equal(table.lookup(key(a.original))?.direction, 'ORIGINAL');
    assert.equal(a.mark, 0, "the snapshot's entry is unchanged");
    assert.equal(new ConntrackState(new Map([['gw', snapshot]]), 3).table('gw').lookup(key(a.original))?.conn.mark, 0);
  });

  it('a killed entry is gone from the trace only; a connection confirmed later takes its tuple', () => {
    const table = snapshot.overlay();
    const copy = table.lookup(key(b.original))?.conn;
    assert.ok(copy !== undefined);
    table.remove(copy);
    assert.equal(table.lookup(key(b.original)), undefined);
    assert.equal(table.lookup(key(b.reply)), undefined);
    assert.equal(snapshot.lookup(key(b.original))?.conn, b);
    const again = conn(3, tuple(40002));
    table.insert(again);
    assert.equal(table.lookup(key(b.original))?.conn, again);
    assert.deepEqual(
      table.all().map((c) => c.id),
      [1, 3],
    );
  });

  it('an earlier snapshot entry keeps its tuple over a connection confirmed by the trace', () => {
    const table = snapshot.overlay();
    table.insert(conn(4, tuple(40001)));
    assert.equal(table.lookup(key(a.original))?.conn.id, 1);
    assert.deepEqual(
      table.all().map((c) => c.id),
      [1, 2, 4],
    );
  });
});
