// Progress of long steps (synthesis, lint) on stderr with the elapsed time, so
// stdout stays the result and a user waiting on Yosys sees that it is working.
import type { Io } from './command.ts';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Runs `work`, printing "label…" before and "label: done in 1.2s" after (or "failed"). */
export async function timed<T>(io: Io, label: string, work: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  io.err(`${label}...`);
  // A heartbeat for steps that take long, so the terminal does not look stuck.
  const beat = setInterval(() => io.err(`${label}: still running (${seconds(Date.now() - start)})`), 10_000);
  beat.unref();
  try {
    const result = await work();
    io.err(`${label}: done in ${seconds(Date.now() - start)}`);
    return result;
  } catch (e) {
    io.err(`${label}: failed after ${seconds(Date.now() - start)}`);
    throw e;
  } finally {
    clearInterval(beat);
  }
}
