import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CommandResult } from '../run-command';
import type { LaunchRequest, LaunchResult, LauncherMessage } from './kubectl-launcher';

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
 * kubectl started from a small process of its own (kubectl-launcher.ts), which answers over IPC: the
 * collect's process grows with what it captured, and starting a program from it would copy its
 * memory map each time. Started at the first command; when it cannot start or dies, the runner
 * starts kubectl itself.
 */
class Launcher {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: LaunchResult | null) => void>();
  broken = false;

  private start(): ChildProcess | null {
    if (this.broken) return null;
    if (this.child !== null) return this.child;
    try {
      const child = fork(join(__dirname, 'kubectl-launcher.js'), [], {
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        execArgv: [],
      });
      child.on('message', (result: LaunchResult) => {
        const done = this.pending.get(result.id);
        this.pending.delete(result.id);
        this.idle();
        done?.(result);
      });
      child.on('error', () => {
        this.broken = true;
      });
      child.on('exit', () => {
        this.broken = true;
        this.child = null;
        for (const done of this.pending.values()) done(null);
        this.pending.clear();
      });
      this.child = child;
      return child;
    } catch {
      this.broken = true;
      return null;
    }
  }

  /** Lets this process exit while nothing is asked of the launcher. */
  private idle(): void {
    if (this.pending.size > 0) return;
    this.child?.unref();
    this.child?.channel?.unref();
  }

  /** The request's id and its answer (null: the launcher ended first), or null when there is no launcher. */
  run(request: Omit<LaunchRequest, 'id'>): { id: number; result: Promise<LaunchResult | null> } | null {
    const child = this.start();
    if (child === null || !child.connected) return null;
    const id = this.nextId++;
    child.ref();
    child.channel?.ref();
    const result = new Promise<LaunchResult | null>((resolve) => this.pending.set(id, resolve));
    const message: LauncherMessage = { request: { id, ...request } };
    child.send(message);
    return { id, result };
  }

  /** Ends the launcher once it has answered everything, and waits for it (its programs' time is then counted as this process's children's). */
  async close(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.broken = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.ref();
    child.disconnect();
    await exited;
  }

  kill(id: number, signal: NodeJS.Signals): void {
    const message: LauncherMessage = { kill: id, signal };
    if (this.child?.connected === true) this.child.send(message);
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
  private readonly launcher = new Launcher();
  private readonly launched = new Set<number>();
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
    for (const id of this.launched) this.launcher.kill(id, 'SIGTERM');
  }

  /** Ends the process kubectl is started from, once nothing runs (later commands start kubectl from here). */
  close(): Promise<void> {
    return this.launcher.close();
  }

  /** Runs at once, outside the concurrency limit: the cleanup that must not wait behind the capture. */
  runNow(args: readonly string[]): Promise<KubectlResult> {
    return this.spawn(args, undefined, this.options.timeoutMs);
  }

  private spawn(args: readonly string[], stdin: string | undefined, timeoutMs: number): Promise<KubectlResult> {
    const launched = this.launcher.run({
      file: this.program,
      args: [...this.globalFlags, ...args],
      env: { ...process.env, LC_ALL: 'C' },
      stdin: stdin ?? '',
      timeoutMs,
      maxOutput: MAX_OUTPUT,
    });
    if (launched === null) return this.spawnHere(args, stdin, timeoutMs);
    this.launched.add(launched.id);
    return launched.result.then((result) => {
      this.launched.delete(launched.id);
      if (result === null)
        return {
          found: true,
          code: 1,
          stdout: '',
          stderr: 'kubectl: its launcher ended',
          timedOut: false,
          args,
          stdoutBytes: Buffer.alloc(0),
        };
      if (result.error !== undefined) {
        const found = result.error.code !== 'ENOENT';
        return {
          found,
          code: found ? 1 : 127,
          stdout: '',
          stderr: found ? result.error.message : `${this.program}: not installed (not on PATH)`,
          timedOut: false,
          args,
          stdoutBytes: Buffer.alloc(0),
        };
      }
      const out = Buffer.from(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength);
      const err = Buffer.from(result.stderr.buffer, result.stderr.byteOffset, result.stderr.byteLength).toString('utf8');
      const why = result.timedOut
        ? `killed after ${timeoutMs / 1000} s without finishing`
        : result.signal !== null
          ? `killed by ${result.signal}`
          : '';
      return {
        found: true,
        code: result.code ?? 1,
        stdout: out.toString('utf8'),
        stderr: why === '' ? err : `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}kubectl ${why}`,
        timedOut: result.timedOut,
        args,
        stdoutBytes: out,
      };
    });
  }

  private spawnHere(args: readonly string[], stdin: string | undefined, timeoutMs: number): Promise<KubectlResult> {
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
