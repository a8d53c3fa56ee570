/**
 * `up --watch`: watches the input files and directories; on a change it loads,
 * validates and renders again into a staging directory, checks it with
 * `haproxy -c`, swaps it in and reloads HAProxy (`-sf`: the old process
 * finishes its connections). A change that does not load, validate, render or
 * pass `haproxy -c` is reported and the running configuration stays.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Outcome of one re-render, for the caller to report. */
export interface WatchCycle {
  readonly ok: boolean;
  /** What happened, one line per item, for standard error (failures) or standard output (reloads). */
  readonly message: string;
}

export interface InputWatcher {
  close(): void;
}

/**
 * Calls `onChange` (debounced by `delayMs`, never two at once) when a file
 * below one of `paths` changes. Directories are watched recursively; a file is
 * watched through its directory, so editors that replace files still count.
 */
export function watchInputs(paths: string[], onChange: () => Promise<void>, delayMs = 250): InputWatcher {
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const fire = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void onChange().finally(() => {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, delayMs);
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    const isDir = fs.statSync(abs).isDirectory();
    const target = isDir ? abs : path.dirname(abs);
    const base = path.basename(abs);
    watchers.push(fs.watch(target, { recursive: isDir }, (_event, name) => {
      if (!isDir && name !== null && String(name) !== base) return;
      if (isDir && name !== null && !/\.(ya?ml|json)$/.test(String(name))) return;
      schedule();
    }));
  }
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
