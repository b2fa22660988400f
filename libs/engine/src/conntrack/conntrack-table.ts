import { cloneConnection, tupleKey, type Connection } from './connection';

export interface TableHit {
  conn: Connection;
  direction: 'ORIGINAL' | 'REPLY';
}

/**
 * One namespace's conntrack table: each connection reachable by its original and its reply tuple,
 * each in its direction's zone (a packet of zone N finds a tuple of zone N: nf_ct_zone_equal).
 */
export class ConntrackTable {
  private readonly index = new Map<string, TableHit>();
  private readonly connections: Connection[] = [];

  constructor(connections: readonly Connection[] = []) {
    for (const c of connections) this.insert(c);
  }

  lookup(key: string): TableHit | undefined {
    return this.index.get(key);
  }

  /** nf_ct_kill: the connection leaves the table (a SYN reopening a TIME_WAIT/CLOSE one). */
  remove(conn: Connection): void {
    for (const [key, hit] of this.index) if (hit.conn === conn) this.index.delete(key);
    const at = this.connections.indexOf(conn);
    if (at >= 0) this.connections.splice(at, 1);
  }

  /** nf_conntrack_confirm: an earlier entry with the same tuple wins, as the kernel's clash handling keeps it. */
  insert(conn: Connection): void {
    const originalKey = tupleKey(conn.original, conn.icmpTypes?.original ?? null, conn.zone);
    const replyKey = tupleKey(conn.reply, conn.icmpTypes?.reply ?? null, conn.replyZone ?? conn.zone);
    if (!this.index.has(originalKey)) this.index.set(originalKey, { conn, direction: 'ORIGINAL' });
    if (!this.index.has(replyKey)) this.index.set(replyKey, { conn, direction: 'REPLY' });
    this.connections.push(conn);
  }

  all(): readonly Connection[] {
    return this.connections;
  }

  clone(): ConntrackTable {
    return new ConntrackTable(this.connections.map(cloneConnection));
  }
}

/**
 * The conntrack tables of every host during one simulation (request and reply): copied from the
 * snapshot's on first use, so traces never change the compiled snapshot.
 */
export class ConntrackState {
  private readonly tables = new Map<string, ConntrackTable>();
  private nextId: number;

  constructor(
    private readonly base: ReadonlyMap<string, ConntrackTable>,
    firstId: number,
  ) {
    this.nextId = firstId;
  }

  table(host: string): ConntrackTable {
    let table = this.tables.get(host);
    if (table === undefined) {
      table = this.base.get(host)?.clone() ?? new ConntrackTable();
      this.tables.set(host, table);
    }
    return table;
  }

  newId(): number {
    return this.nextId++;
  }
}
