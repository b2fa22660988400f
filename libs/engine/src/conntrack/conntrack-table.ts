import { cloneConnection, tupleKey, type Connection } from './connection';

export interface TableHit {
  conn: Connection;
  direction: 'ORIGINAL' | 'REPLY';
}

const originalKeyOf = (conn: Connection): string => tupleKey(conn.original, conn.icmpTypes?.original ?? null, conn.zone);
const replyKeyOf = (conn: Connection): string => tupleKey(conn.reply, conn.icmpTypes?.reply ?? null, conn.replyZone ?? conn.zone);

/**
 * One namespace's conntrack table: each connection reachable by its original and its reply tuple,
 * each in its direction's zone (a packet of zone N finds a tuple of zone N: nf_ct_zone_equal).
 *
 * A trace's table is an overlay of the snapshot's (`overlay()`): a snapshot connection is copied
 * into it the first time a lookup finds it, and changes (copies changed by the trace, connections
 * it confirms or kills) stay in the overlay. It answers exactly as a full copy of the snapshot's
 * table would, without copying the thousands of entries of a busy node for every trace.
 */
export class ConntrackTable {
  private readonly index = new Map<string, TableHit>();
  private readonly connections: Connection[] = [];
  /** The snapshot's table under an overlay; null for a table of its own. */
  private readonly base: ConntrackTable | null;
  /** Base connections the overlay took: to their copy, or to null once killed. */
  private readonly taken = new Map<Connection, Connection | null>();
  /** Copies of base connections, to the base connection each copies. */
  private readonly copies = new Map<Connection, Connection>();

  constructor(connections: readonly Connection[] = [], base: ConntrackTable | null = null) {
    this.base = base;
    for (const c of connections) this.insert(c);
  }

  /** A trace's view of this table: reads through to it, keeps its changes to itself. */
  overlay(): ConntrackTable {
    return new ConntrackTable([], this);
  }

  lookup(key: string): TableHit | undefined {
    const own = this.index.get(key);
    if (own !== undefined || this.base === null) return own;
    const hit = this.base.index.get(key);
    if (hit === undefined || this.taken.has(hit.conn)) return undefined;
    return this.take(hit.conn).index.get(key);
  }

  /** Copies a base connection in, under the keys that find it in the base table. */
  private take(conn: Connection): this {
    const base = this.base as ConntrackTable;
    const copy = cloneConnection(conn);
    this.taken.set(conn, copy);
    this.copies.set(copy, conn);
    for (const key of [originalKeyOf(conn), replyKeyOf(conn)]) {
      const hit = base.index.get(key);
      if (hit !== undefined && hit.conn === conn && !this.index.has(key)) this.index.set(key, { conn: copy, direction: hit.direction });
    }
    return this;
  }

  /** Whether a connection is found under `key` (in the overlay or, not taken yet, in the base). */
  private has(key: string): boolean {
    if (this.index.has(key)) return true;
    const hit = this.base?.index.get(key);
    return hit !== undefined && !this.taken.has(hit.conn);
  }

  /** nf_ct_kill: the connection leaves the table (a SYN reopening a TIME_WAIT/CLOSE one). */
  remove(conn: Connection): void {
    for (const [key, hit] of this.index) if (hit.conn === conn) this.index.delete(key);
    const original = this.copies.get(conn);
    if (original !== undefined) {
      this.taken.set(original, null);
      this.copies.delete(conn);
    }
    const at = this.connections.indexOf(conn);
    if (at >= 0) this.connections.splice(at, 1);
  }

  /** nf_conntrack_confirm: an earlier entry with the same tuple wins, as the kernel's clash handling keeps it. */
  insert(conn: Connection): void {
    const originalKey = originalKeyOf(conn);
    const replyKey = replyKeyOf(conn);
    if (!this.has(originalKey)) this.index.set(originalKey, { conn, direction: 'ORIGINAL' });
    if (!this.has(replyKey)) this.index.set(replyKey, { conn, direction: 'REPLY' });
    this.connections.push(conn);
  }

  /** The connections in table order: the base's (as copied, without the killed ones), then the inserted ones. */
  all(): readonly Connection[] {
    if (this.base === null) return this.connections;
    const out: Connection[] = [];
    for (const c of this.base.all()) {
      const copy = this.taken.get(c);
      if (copy === undefined) out.push(c);
      else if (copy !== null) out.push(copy);
    }
    return [...out, ...this.connections];
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
      table = this.base.get(host)?.overlay() ?? new ConntrackTable();
      this.tables.set(host, table);
    }
    return table;
  }

  newId(): number {
    return this.nextId++;
  }
}
