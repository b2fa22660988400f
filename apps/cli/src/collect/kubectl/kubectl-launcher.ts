import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A small process that starts kubectl for the collect (kubectl-runner.ts): the collect's own process
 * grows with what it has captured, and starting a program from it copies its memory map each time
 * (tens of milliseconds at a few hundred MB, in the one thread that reads the results); from here it
 * costs what it costs from a fresh Node. One request per message, answered with the program's
 * status and output; a parent that goes away ends every program still running.
 */

/** A program to start. */
export interface LaunchRequest {
  id: number;
  file: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  stdin: string;
  timeoutMs: number;
  maxOutput: number;
}

/** How it ended: `error` when it could not start (`code` ENOENT: not installed). */
export interface LaunchResult {
  id: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Uint8Array;
  stderr: Uint8Array;
  timedOut: boolean;
  error?: { code: string | undefined; message: string };
}

export type LauncherMessage = { request: LaunchRequest } | { kill: number; signal: NodeJS.Signals };

function launch(request: LaunchRequest, running: Map<number, ChildProcess>, reply: (result: LaunchResult) => void): void {
  const child = spawn(request.file, [...request.args], { env: request.env, stdio: ['pipe', 'pipe', 'pipe'] });
  running.set(request.id, child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let size = 0;
  let timedOut = false;
  let settled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, request.timeoutMs);
  const finish = (result: Omit<LaunchResult, 'id'>): void => {
    if (settled) return;
    settled = true;
    running.delete(request.id);
    clearTimeout(timer);
    reply({ id: request.id, ...result });
  };
  const keep = (into: Buffer[]) => (chunk: Buffer) => {
    size += chunk.length;
    if (size > request.maxOutput) child.kill('SIGKILL');
    else into.push(chunk);
  };
  child.stdout.on('data', keep(stdout));
  child.stderr.on('data', keep(stderr));
  child.stdin.on('error', () => undefined);
  child.stdin.end(request.stdin);
  child.on('error', (error: NodeJS.ErrnoException) => {
    const empty = new Uint8Array(0);
    finish({
      code: null,
      signal: null,
      stdout: empty,
      stderr: empty,
      timedOut: false,
      error: { code: error.code, message: error.message },
    });
  });
  child.on('close', (code, signal) => {
    finish({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut });
  });
}

/** Serves requests from the parent over its IPC channel. */
export function serveLauncher(): void {
  const running = new Map<number, ChildProcess>();
  const send = (result: LaunchResult): void => {
    process.send?.(result);
  };
  process.on('message', (message: LauncherMessage) => {
    if ('request' in message) launch(message.request, running, send);
    else running.get(message.kill)?.kill(message.signal);
  });
  process.on('disconnect', () => {
    for (const child of running.values()) child.kill('SIGKILL');
    process.exit(0);
  });
}

if (require.main === module) serveLauncher();
