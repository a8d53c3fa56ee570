/**
 * Runs a rendered configuration: find the binary, `haproxy -c`, start in the
 * foreground, reload with `-sf`, stop; and write rendered files atomically.
 *
 * Internal: not part of the jsii API.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { RenderedFiles } from './translate';

const CONFIG_FILE = 'haproxy.cfg';

/** The `haproxy` executable: `HAPROXY_BIN`, else the first `haproxy` on PATH (and the sbin directories). */
export function findHaproxy(): string | undefined {
  const override = process.env.HAPROXY_BIN;
  if (override) {
    return override;
  }
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, 'haproxy');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function requireHaproxy(): string {
  const bin = findHaproxy();
  if (!bin) {
    throw new Error('haproxy was not found on PATH (install it with `apt-get install haproxy`, or set HAPROXY_BIN)');
  }
  return bin;
}

export interface CheckResult {
  readonly ok: boolean;
  /** What `haproxy -c` printed (stdout and stderr). */
  readonly output: string;
}

/** Runs `haproxy -c -f haproxy.cfg` in `dir`. */
export function checkConfig(dir: string): CheckResult {
  const result = spawnSync(requireHaproxy(), ['-c', '-f', CONFIG_FILE], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    return { ok: false, output: result.error.message };
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, output };
}

/** `host:port` pairs the configuration listens on (TCP binds only). */
export function listeningAddresses(configText: string): Array<{ host: string; port: number }> {
  const out: Array<{ host: string; port: number }> = [];
  for (const line of configText.split('\n')) {
    const m = /^\s*bind\s+(\[[^\]]+\]|[^\s:@]*):(\d+)(\s|$)/.exec(line);
    if (m) {
      const host = m[1].replace(/^\[|\]$/g, '');
      out.push({ host: host === '' || host === '*' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port: Number(m[2]) });
    }
  }
  return out;
}

export interface RunningHaproxy {
  /** Current master pid (changes after a reload). */
  readonly pid: number;
  /** Everything HAProxy printed so far (last 64 KiB). */
  output(): string;
  /** Re-reads the configuration: starts a new process with `-sf` and waits for the old one to leave. */
  reload(): Promise<void>;
  /** Stops HAProxy and waits until it has exited. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface StartOptions {
  /** How long to wait for the ports to accept connections. @default 15000 */
  readonly readyTimeoutMs?: number;
  /** Configuration file inside `dir`. @default 'haproxy.cfg' */
  readonly configFile?: string;
}

/**
 * Starts `haproxy -db -f haproxy.cfg` in `dir` and resolves once every TCP
 * port it binds accepts connections. Rejects (with HAProxy's output) when the
 * process exits first.
 */
export async function startHaproxy(dir: string, options: StartOptions = {}): Promise<RunningHaproxy> {
  const bin = requireHaproxy();
  const timeout = options.readyTimeoutMs ?? 15_000;
  const configFile = options.configFile ?? CONFIG_FILE;
  installExitHook();
  let log = '';
  const append = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-65536);
  };

  const launch = (extra: string[]): ChildProcess => {
    const child = spawn(bin, ['-db', '-f', configFile, ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.once('exit', () => live.delete(child));
    return child;
  };

  const waitReady = async (child: ChildProcess): Promise<void> => {
    const addresses = listeningAddresses(fs.readFileSync(path.join(dir, configFile), 'utf8'));
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    spawnError.catch(() => undefined);
    const deadline = Date.now() + timeout;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`haproxy exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log.trim()}`);
      }
      const ready = await Promise.all(addresses.map((a) => canConnect(a.host, a.port)));
      if (ready.every(Boolean)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`haproxy did not accept connections within ${timeout} ms:\n${log.trim()}`);
      }
      await sleep(50);
    }
  };

  let current = launch([]);
  try {
    await waitReady(current);
  } catch (e) {
    current.kill('SIGKILL');
    await exited(current);
    throw e;
  }

  const stopChild = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  };

  return {
    get pid() {
      return current.pid ?? -1;
    },
    output: () => log,
    reload: async () => {
      const old = current;
      const next = launch(['-sf', String(old.pid)]);
      // The new process tells the old one to leave once its own listeners are bound.
      const outcome = await Promise.race([
        exited(old).then(() => 'old-left' as const),
        exited(next).then(() => 'new-failed' as const),
      ]);
      if (outcome === 'new-failed') {
        throw new Error(`haproxy reload failed; the previous process keeps running:\n${log.trim()}`);
      }
      current = next;
      await waitReady(next);
    },
    stop: async () => {
      await stopChild(current);
    },
  };
}

/**
 * Writes `files` into `dir` so that readers see either the old or the new set,
 * never a half-written file: everything goes into a temporary sibling directory,
 * which then replaces `dir`. File modes are applied exactly (umask ignored).
 */
export function writeFilesAtomically(dir: string, files: RenderedFiles): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  try {
    for (const [name, file] of files) {
      const full = path.resolve(staging, name);
      if (!full.startsWith(staging + path.sep)) {
        throw new Error(`refusing to write outside the output directory: ${name}`);
      }
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, file.content, { mode: file.mode });
      fs.chmodSync(full, file.mode);
    }
    fs.chmodSync(staging, 0o755);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  let old: string | undefined;
  if (fs.existsSync(target)) {
    old = `${staging}.old`;
    fs.renameSync(target, old);
  }
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (old) {
      fs.renameSync(old, target);
    }
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (old) {
    fs.rmSync(old, { recursive: true, force: true });
  }
}
