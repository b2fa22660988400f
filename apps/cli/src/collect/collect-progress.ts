/** Where the progress goes: stderr, or a test's stand-in. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** `--quiet`: nothing at all. */
  quiet: boolean;
  /** The time, for the elapsed seconds (tests pass their own). */
  now?: () => number;
  /** Redraw the bar this often on a terminal, so a long phase still shows time passing (0: never). */
  tickMs?: number;
}

const BAR_WIDTH = 20;

/**
 * The progress of `kubectl hookpath collect` on stderr. On a terminal: one line redrawn in place
 * (`[#####     ] 12/30 hosts, 4/10 nodes, capturing, 35 s`), cleared at the end and before any other
 * line is printed. Elsewhere (a CI log): one plain line per node finished. `--quiet`: nothing.
 */
export class CollectProgress {
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly started: number;
  private phase = 'starting';
  private hostsTotal = 0;
  private nodesTotal = 0;
  private hostsDone = 0;
  private nodesDone = 0;
  private drawn = false;
  /** Between start() and end(): the bar is drawn only then. */
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.tty = stream.isTTY === true;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** The work ahead: `nodes` nodes holding `hosts` hosts in all (the nodes and their pods). */
  start(nodes: number, hosts: number): void {
    this.nodesTotal = nodes;
    this.hostsTotal = hosts;
    this.running = true;
    if (this.tty && !this.options.quiet && (this.options.tickMs ?? 1000) > 0) {
      this.timer = setInterval(() => this.draw(), this.options.tickMs ?? 1000);
      this.timer.unref();
    }
    this.draw();
  }

  /** What is being done now: `capturing`, `writing the snapshot`, `uploading`, ... */
  setPhase(phase: string): void {
    this.phase = phase;
    this.draw();
  }

  /** A node and its pods are done: `hosts` hosts, `missed` of them not captured. */
  nodeDone(node: string, hosts: number, missed: number): void {
    this.nodesDone += 1;
    this.hostsDone += hosts;
    if (this.options.quiet) return;
    if (this.tty) this.draw();
    else
      this.stream.write(
        `node ${node}: ${hosts - missed}/${hosts} host${hosts === 1 ? '' : 's'} captured (${this.nodesDone}/${this.nodesTotal} nodes, ${this.hostsDone}/${this.hostsTotal} hosts, ${this.elapsed()} s)\n`,
      );
  }

  /** A line of its own (a notice): on a terminal the bar is cleared first and redrawn after it. */
  line(text: string): void {
    if (this.options.quiet) return;
    this.clear();
    this.stream.write(`${text}\n`);
    this.draw();
  }

  /** Clears the bar and stops redrawing it; lines printed after this stand alone. */
  end(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
    this.running = false;
  }

  /** The bar as drawn on a terminal (without the carriage return). */
  render(): string {
    const filled = this.hostsTotal <= 0 ? 0 : Math.round((BAR_WIDTH * this.hostsDone) / this.hostsTotal);
    const bar = `[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}]`;
    const text = `${bar} ${this.hostsDone}/${this.hostsTotal} hosts, ${this.nodesDone}/${this.nodesTotal} nodes, ${this.phase}, ${this.elapsed()} s`;
    // A terminal that does not tell its width (0) is taken as 80 columns.
    const width = (this.stream.columns || 80) - 1;
    return text.length > width ? text.slice(0, Math.max(0, width)) : text;
  }

  private elapsed(): number {
    return Math.round((this.now() - this.started) / 1000);
  }

  private draw(): void {
    if (!this.tty || this.options.quiet || !this.running) return;
    this.stream.write(`\r\x1b[K${this.render()}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
