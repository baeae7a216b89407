// Turning a parsed VCD back into a cycle-based Trace: one sample per signal
// per clock cycle, taken after the edge (the value at the edge's time, after
// every change at that time), which is what Simulator traces record.
//
// - A spikeforge VCD (it carries our metadata comment) gives back the cycle
//   numbers it was written with, its signal names without the top scope and
//   its signed signals.
// - Any other VCD is sampled at the rising edges of a clock: the one named in
//   the options, or the only 1-bit `clk`/`clock` in the file. The k-th rising
//   edge is cycle k (cycles count edges, so the first sample is cycle 1).
import type { SignalInfo, Trace } from '../simulator.ts';
import { parseMetadata, type VcdMetadata } from './metadata.ts';
import { valueAt, type VcdFile, type VcdSignal } from './parser.ts';

export interface VcdTraceOptions {
  /** Signals to take, each by full name or by a unique ending after a '.'; default every signal but the clock. */
  signals?: string[];
  /** Clock for a VCD not written by spikeforge (full name or unique ending). */
  clock?: string;
  /** Further signals to read as two's complement. */
  signed?: string[];
}

/** The spikeforge metadata of a parsed VCD, or null for other writers' files. */
export function vcdMetadata(vcd: VcdFile): VcdMetadata | null {
  for (const c of vcd.comments) {
    const meta = parseMetadata(c);
    if (meta) return meta;
  }
  return null;
}

/** The name a signal is known by to spikeforge users: without our top scope in our own files. */
function displayName(sig: VcdSignal, meta: VcdMetadata | null): string {
  if (meta && sig.scope[0] === meta.top) return sig.name.slice(meta.top.length + 1);
  return sig.name;
}

/**
 * Finds a signal by full hierarchical name, by its name without a spikeforge
 * top scope, or by a unique ending after a '.' ('count' finds 'tb.dut.count').
 * Aliases of one variable (same identifier code) count as one match, the
 * shallowest taken. Throws listing the available names when there is no match.
 */
export function findVcdSignal(vcd: VcdFile, name: string): VcdSignal {
  const exact = vcd.signals.find((s) => s.name === name);
  if (exact) return exact;
  const candidates = vcd.signals.filter((s) => s.name.endsWith('.' + name));
  if (candidates.length > 0) {
    const ids = new Set(candidates.map((s) => s.id));
    if (ids.size === 1) {
      return candidates.reduce((best, s) => (s.scope.length < best.scope.length ? s : best));
    }
    throw new Error(
      `VCD signal '${name}' is ambiguous; it could be: ${candidates.map((s) => s.name).join(', ')}`,
    );
  }
  const meta = vcdMetadata(vcd);
  const available = vcd.signals.map((s) => displayName(s, meta));
  const shown = available.slice(0, 200).join(', ');
  const more = available.length > 200 ? ` … and ${available.length - 200} more` : '';
  throw new Error(`VCD has no signal '${name}'; available: ${shown || '(none)'}${more}`);
}

/** Times at which a 1-bit signal rises to a known 1 from anything else (0, x, z or not yet dumped). */
function risingEdges(clock: VcdSignal): number[] {
  const times: number[] = [];
  let high = false;
  clock.changes.forEach(([t, v], i) => {
    const nowHigh = v === 1n && !clock.unknown[i];
    if (nowHigh && !high) times.push(t);
    high = nowHigh;
  });
  return times;
}

function findClock(vcd: VcdFile, name: string | undefined): VcdSignal {
  if (name !== undefined) return findVcdSignal(vcd, name);
  const clocks = vcd.signals.filter((s) => s.width === 1 && /^(clk|clock)$/i.test(s.reference));
  const ids = new Set(clocks.map((s) => s.id));
  if (ids.size === 1) return clocks.reduce((best, s) => (s.scope.length < best.scope.length ? s : best));
  throw new Error(
    ids.size === 0
      ? 'VCD has no 1-bit clk or clock signal; name the clock to sample on'
      : `VCD has several clocks (${clocks.map((s) => s.name).join(', ')}); name the one to sample on`,
  );
}

/** Sample times and the cycle number of the first one. */
function sampling(
  vcd: VcdFile,
  meta: VcdMetadata | null,
  clockName: string | undefined,
): { times: number[]; startCycle: number } {
  if (meta && clockName === undefined) {
    const P = meta.period;
    const first = Math.ceil(vcd.startTime / P);
    if (meta.clock !== null) {
      const clock = vcd.signals.find((s) => s.scope.length === 1 && s.scope[0] === meta.top && s.reference === meta.clock);
      if (!clock) throw new Error(`VCD metadata names clock '${meta.clock}' but the file does not declare it`);
      // The first sample plus every rising edge after it (cycle 0 starts with the clock low).
      const times = [vcd.startTime, ...risingEdges(clock).filter((t) => t > vcd.startTime)];
      return { times, startCycle: first };
    }
    const last = Math.floor(vcd.endTime / P);
    const times: number[] = [];
    for (let c = first; c <= last; c++) times.push(c * P);
    return { times, startCycle: first };
  }
  const clock = findClock(vcd, clockName);
  if (clock.width !== 1) throw new Error(`VCD clock '${clock.name}' is ${clock.width} bits wide`);
  return { times: risingEdges(clock), startCycle: 1 };
}

/** The trace a VCD records, one sample per cycle. */
export function vcdToTrace(vcd: VcdFile, opts: VcdTraceOptions = {}): Trace {
  const meta = vcdMetadata(vcd);
  const { times, startCycle } = sampling(vcd, meta, opts.clock);

  let picked: { sig: VcdSignal; name: string }[];
  if (opts.signals) {
    picked = opts.signals.map((name) => ({ sig: findVcdSignal(vcd, name), name }));
  } else {
    const clockIds = new Set<string>();
    if (meta?.clock) {
      const c = vcd.signals.find((s) => s.scope.length === 1 && s.scope[0] === meta.top && s.reference === meta.clock);
      if (c) clockIds.add(c.id);
    } else if (!meta) {
      clockIds.add(findClock(vcd, opts.clock).id);
    }
    picked = vcd.signals.filter((s) => !clockIds.has(s.id)).map((sig) => ({ sig, name: displayName(sig, meta) }));
  }

  const signedNames = new Set(meta ? meta.signed.map((n) => `${meta.top}.${n}`) : []);
  for (const n of opts.signed ?? []) signedNames.add(findVcdSignal(vcd, n).name);

  const signals: SignalInfo[] = picked.map(({ sig, name }) => ({
    name,
    width: sig.width,
    signed: signedNames.has(sig.name),
  }));
  const values = picked.map(({ sig }, i) => {
    const signed = signals[i].signed;
    const half = 1n << BigInt(sig.width - 1);
    return times.map((t) => {
      const v = valueAt(sig, t);
      return signed && v >= half ? v - (half << 1n) : v;
    });
  });
  return { signals, startCycle, values };
}
