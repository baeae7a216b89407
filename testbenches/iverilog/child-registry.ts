// Every live vvp child and temporary directory of this process, so none
// outlives it: on exit (normal, uncaught exception, SIGINT/SIGTERM/SIGHUP) the
// children are killed and the directories removed. A vvp whose controlling
// process dies without running this (SIGKILL) still ends by itself: its command
// pipe reaches end of file and the testbench finishes.
import * as fs from 'node:fs';

interface Entry {
  pid: number | undefined;
  dir: string | undefined;
}

const live = new Set<Entry>();
let installed = false;

function cleanupAll(): void {
  for (const e of live) {
    if (e.pid !== undefined) {
      try {
        process.kill(e.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (e.dir !== undefined) fs.rmSync(e.dir, { recursive: true, force: true });
  }
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      cleanupAll();
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

/** Registers a child and/or directory; returns the function that unregisters it. */
export function track(pid: number | undefined, dir: string | undefined): { release(): void } {
  install();
  const e: Entry = { pid, dir };
  live.add(e);
  return {
    release(): void {
      live.delete(e);
    },
  };
}

/** Number of registered children and directories (for tests). */
export function liveCount(): number {
  return live.size;
}
