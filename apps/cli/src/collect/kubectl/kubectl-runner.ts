import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandResult } from '../run-command';

/** How kubectl is reached: the user's kubeconfig and context, passed through as kubectl takes them. */
export interface KubectlTarget {
  /** `--kubeconfig`; unset: kubectl's own default ($KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
  /** `--context`; unset: the kubeconfig's current context. */
  context?: string;
}

export interface KubectlOptions extends KubectlTarget {
  /** The kubectl program (default `kubectl` on PATH). */
  program?: string;
  /** Kill a kubectl that has not finished after this long (per command). */
  timeoutMs: number;
  /** At most this many kubectl processes at a time. */
  concurrency: number;
}

export interface KubectlResult extends CommandResult {
  /** The command was killed after `timeoutMs`. */
  timedOut: boolean;
  /** The kubectl arguments as run (without the kubeconfig and context flags). */
  args: readonly string[];
  /** stdout as bytes (a tar from a batch of commands). */
  stdoutBytes: Buffer;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

/** A counting semaphore: `run` waits for a free slot, then holds it while the task runs. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.free += 1;
      else next();
    }
  }
}

/**
 * Runs kubectl as the user would, with their `--kubeconfig` and `--context`, at most `concurrency`
 * at a time, each killed after `timeoutMs`. The output is kept whatever the exit status: a caller
 * decides what a failure means. kubectl's own stderr is kept for the messages.
 */
export class KubectlRunner {
  private readonly slots: Slots;
  private readonly program: string;
  private readonly running = new Set<ChildProcess>();
  private stopped = false;

  constructor(private readonly options: KubectlOptions) {
    this.slots = new Slots(Math.max(1, options.concurrency));
    this.program = options.program ?? 'kubectl';
  }

  /** The flags that select the cluster, before every command. */
  get globalFlags(): string[] {
    const flags: string[] = [];
    if (this.options.kubeconfig !== undefined) flags.push('--kubeconfig', this.options.kubeconfig);
    if (this.options.context !== undefined) flags.push('--context', this.options.context);
    return flags;
  }

  run(args: readonly string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
    return this.slots.run(() => {
      if (this.stopped)
        return Promise.resolve({
          found: true,
          code: 1,
          stdout: '',
          stderr: 'not run: the collect was interrupted',
          timedOut: false,
          args,
          stdoutBytes: Buffer.alloc(0),
        });
      return this.spawn(args, options.stdin, options.timeoutMs ?? this.options.timeoutMs);
    });
  }

  /** Ends every kubectl still running and runs no more through `run` (Ctrl-C); `runNow` still runs. */
  stop(): void {
    this.stopped = true;
    for (const child of this.running) child.kill('SIGTERM');
  }

  /** Runs at once, outside the concurrency limit: the cleanup that must not wait behind the capture. */
  runNow(args: readonly string[]): Promise<KubectlResult> {
    return this.spawn(args, undefined, this.options.timeoutMs);
  }

  private spawn(args: readonly string[], stdin: string | undefined, timeoutMs: number): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = spawn(this.program, [...this.globalFlags, ...args], {
        env: { ...process.env, LC_ALL: 'C' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.running.add(child);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let timedOut = false;
      let settled = false;
      const finish = (result: Omit<KubectlResult, 'args' | 'stdoutBytes'>, stdoutBytes = Buffer.alloc(0)): void => {
        if (settled) return;
        settled = true;
        this.running.delete(child);
        clearTimeout(timer);
        resolve({ ...result, args, stdoutBytes });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const keep = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT) child.kill('SIGKILL');
        else into.push(chunk);
      };
      child.stdout.on('data', keep(stdout));
      child.stderr.on('data', keep(stderr));
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
      child.on('error', (error: NodeJS.ErrnoException) => {
        const found = error.code !== 'ENOENT';
        finish({
          found,
          code: found ? 1 : 127,
          stdout: '',
          stderr: found ? error.message : `${this.program}: not installed (not on PATH)`,
          timedOut: false,
        });
      });
      child.on('close', (code, signal) => {
        const err = Buffer.concat(stderr).toString('utf8');
        const out = Buffer.concat(stdout);
        const why = timedOut ? `killed after ${timeoutMs / 1000} s without finishing` : signal !== null ? `killed by ${signal}` : '';
        finish(
          {
            found: true,
            code: code ?? 1,
            stdout: out.toString('utf8'),
            stderr: why === '' ? err : `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}kubectl ${why}`,
            timedOut,
          },
          out,
        );
      });
    });
  }
}
