// A window of a cycle trace as WaveDrom WaveJSON (https://wavedrom.com).
//
// One period of the diagram is one clock cycle and starts at that cycle's
// rising edge; the value shown in it is the sample taken after that edge.
// - The clock lane is a 'p' clock; cycle numbers run along the top.
// - 1-bit signals are 0/1 levels. Spike signals (named in `spikes`, or found
//   automatically: 1 bit, some 1s, no two 1s in a row, at most a third of
//   the samples 1) are drawn as one pulse per spike with an arrow on its
//   edge ('P' bricks on a low 'l' line), so spikes in back-to-back cycles
//   stay two pulses.
// - Wider signals are data lanes ('=' bricks, '.' while the value holds)
//   labelled in decimal (signed signals signed) or, by option, in hex or binary
//   (which show the bit pattern).
// - Annotations are callouts: the text sits in a row above its signal and an
//   arrow points at the cycle's edge on the signal (WaveDrom node/edge). Rows
//   are added so that labels do not overlap.
//
// Traces come from testbenches/, which generators/ must not import, so the
// trace shape is restated here; a testbench Trace fits it as is.

export interface WaveSignalInfo {
  name: string;
  width: number;
  signed: boolean;
}

export interface WaveTrace {
  signals: readonly WaveSignalInfo[];
  /** Cycle number of the first sample. */
  startCycle: number;
  /** values[i][k] is signal i at cycle startCycle + k (unsigned or signed bigints). */
  values: readonly (readonly bigint[])[];
}

export type Radix = 'dec' | 'hex' | 'bin';

export interface WaveAnnotation {
  cycle: number;
  /** A shown signal, or the clock lane. */
  signal: string;
  /** Callout text; WaveDrom's tspan markup (<b>, <i>, <sub>, …) works. */
  text: string;
}

export interface WaveOptions {
  /** Signals to show, in order; default every signal of the trace. */
  signals?: readonly string[];
  /** First cycle shown; default the trace's first cycle. */
  from?: number;
  /** One past the last cycle shown; default one past the trace's last cycle. */
  to?: number;
  annotations?: readonly WaveAnnotation[];
  /** Title above the diagram. */
  title?: string;
  /** 1-bit signals to draw as spikes. */
  spikes?: readonly string[];
  /** Also draw 1-bit signals that look like spike trains as spikes. Default true. */
  autoSpikes?: boolean;
  /** Number format of data labels, for all buses or per signal name (others decimal). Default 'dec'. */
  radix?: Radix | Readonly<Record<string, Radix>>;
  /** Name of the clock lane, or null for none. Default 'clk'. A shown signal of that name is the clock lane. */
  clock?: string | null;
  /** Horizontal scale (WaveDrom hscale, 1..100); default just wide enough for the labels. */
  hscale?: number;
}

export interface WaveLane {
  name?: string;
  wave?: string;
  data?: string[];
  node?: string;
}

export interface WaveJson {
  signal: WaveLane[];
  edge?: string[];
  head?: { text?: string; tick?: number; every?: number };
  foot?: { text?: string };
  config: { hscale: number };
}

/** Pixels per period at hscale 1 in WaveDrom's default skin, and the node offset from the edge. */
const PERIOD_PX = 40;
const NODE_PX = 6;
/** Node names WaveDrom keeps hidden (it prints lowercase ones): uppercase Latin, Greek and Cyrillic. */
const NODE_NAMES = [
  ...range(0x41, 0x5a),
  ...range(0x391, 0x3a9).filter((c) => c !== 0x3a2),
  ...range(0x410, 0x42f),
].map((c) => String.fromCharCode(c));

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** Approximate width in pixels of text in WaveDrom's Helvetica at a font size (its own char-width table, simplified). */
export function textWidthPx(text: string, fontPx: number): number {
  let units = 0;
  for (const ch of text) {
    if (/[0-9a-eg-hk-su-z_#$?]/.test(ch)) units += 74;
    else if (/[-fijlrt.,:;|!'()[\]{} ]/.test(ch)) units += 40;
    else if (/[A-Z]/.test(ch)) units += 90;
    else units += 114;
  }
  return (units * fontPx) / 100;
}

const LABEL_FONT_PX = 11;
const ARC_FONT_PX = 11;

function fits(value: bigint, width: number): boolean {
  const m = (1n << BigInt(width)) - 1n;
  return (value >= 0n && value <= m) || (value < 0n && -value <= (m >> 1n) + 1n);
}

/** A sample's label: decimal as the type reads it, or the bit pattern in hex or binary. */
export function formatValue(value: bigint, sig: WaveSignalInfo, radix: Radix): string {
  const m = (1n << BigInt(sig.width)) - 1n;
  const pattern = value & m;
  if (radix === 'hex') return '0x' + pattern.toString(16).padStart(Math.ceil(sig.width / 4), '0');
  if (radix === 'bin') return '0b' + pattern.toString(2).padStart(sig.width, '0');
  const half = 1n << BigInt(sig.width - 1);
  return (sig.signed && pattern >= half ? pattern - (half << 1n) : pattern).toString();
}

/** Whether a 1-bit sample row looks like a spike train: some 1s, never two in a row, at most a third 1s. */
export function looksLikeSpikes(row: readonly bigint[]): boolean {
  let ones = 0;
  for (let k = 0; k < row.length; k++) {
    if (row[k] !== 0n) {
      ones++;
      if (k > 0 && row[k - 1] !== 0n) return false;
    }
  }
  return ones > 0 && ones * 3 <= row.length;
}

interface ShownLane {
  name: string;
  json: WaveLane;
}

export function traceToWaveJson(trace: WaveTrace, opts: WaveOptions = {}): WaveJson {
  const cycles = trace.values.length === 0 ? 0 : trace.values[0].length;
  if (trace.values.length !== trace.signals.length) {
    throw new Error(`WaveJSON: trace has ${trace.signals.length} signals but ${trace.values.length} value rows`);
  }
  const first = trace.startCycle;
  const end = first + cycles;
  const from = opts.from ?? first;
  const to = opts.to ?? end;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < first || to > end || from >= to) {
    throw new Error(`WaveJSON: window [${from}, ${to}) is not a non-empty part of the trace's cycles [${first}, ${end})`);
  }
  const n = to - from;
  const clock = opts.clock === undefined ? 'clk' : opts.clock;
  const index = new Map(trace.signals.map((s, i) => [s.name, i]));
  const names = opts.signals ?? trace.signals.map((s) => s.name);
  const available = () => trace.signals.map((s) => s.name).join(', ') || '(none)';
  for (const name of [...names, ...(opts.spikes ?? [])]) {
    if (!index.has(name)) throw new Error(`WaveJSON: trace has no signal '${name}'; available: ${available()}`);
  }
  const forcedSpikes = new Set(opts.spikes ?? []);
  for (const name of forcedSpikes) {
    const sig = trace.signals[index.get(name)!];
    if (sig.width !== 1) throw new Error(`WaveJSON: spike signal '${name}' is ${sig.width} bits wide; spikes are 1 bit`);
  }

  const lanes: ShownLane[] = [];
  if (clock !== null) lanes.push({ name: clock, json: { name: clock, wave: 'p' + '.'.repeat(n - 1) } });
  const runsNeedingRoom: { label: string; run: number }[] = [];
  for (const name of names) {
    if (name === clock) continue;
    const i = index.get(name)!;
    const sig = trace.signals[i];
    const row = trace.values[i];
    if (row.length !== cycles) {
      throw new Error(`WaveJSON: signal '${name}' has ${row.length} samples, the first signal ${cycles}`);
    }
    row.forEach((v, k) => {
      if (typeof v !== 'bigint' || !fits(v, sig.width)) {
        throw new Error(
          `WaveJSON: signal '${name}' at cycle ${first + k}: value ${String(v)} does not fit in ${sig.width} bits`,
        );
      }
    });
    // Bit patterns, so that -1 and 255 of an 8-bit signal are the same value.
    const m = (1n << BigInt(sig.width)) - 1n;
    const window = row.slice(from - first, to - first).map((v) => v & m);
    if (sig.width === 1) {
      const spike = forcedSpikes.has(name) || ((opts.autoSpikes ?? true) && looksLikeSpikes(row));
      lanes.push({ name, json: { name, wave: spike ? spikeWave(window) : levelWave(window) } });
    } else {
      const radix = typeof opts.radix === 'string' ? opts.radix : (opts.radix?.[name] ?? 'dec');
      const { wave, data, runs } = busWave(window, sig, radix);
      runsNeedingRoom.push(...runs);
      lanes.push({ name, json: { name, wave, data } });
    }
  }

  const hscale = opts.hscale ?? autoHscale(runsNeedingRoom);
  if (!Number.isInteger(hscale) || hscale < 1 || hscale > 100) {
    throw new Error(`WaveJSON: hscale must be an integer from 1 to 100, got ${hscale}`);
  }
  const { signal, edge, overflow } = annotate(lanes, opts.annotations ?? [], from, to, hscale);

  const head: NonNullable<WaveJson['head']> = { ...(opts.title !== undefined ? { text: opts.title } : {}), tick: from };
  const every = tickEvery(to - 1, hscale);
  if (every > 1) head.every = every;
  const json: WaveJson = {
    signal,
    ...(edge.length > 0 ? { edge } : {}),
    head,
    ...(overflow.length > 0 ? { foot: { text: overflow.join('; ') } } : {}),
    config: { hscale },
  };
  return json;
}

function levelWave(window: readonly bigint[]): string {
  let wave = '';
  window.forEach((v, k) => {
    wave += k > 0 && v === window[k - 1] ? '.' : v === 0n ? '0' : '1';
  });
  return wave;
}

function spikeWave(window: readonly bigint[]): string {
  let wave = '';
  window.forEach((v, k) => {
    if (v !== 0n) wave += 'P';
    else wave += k > 0 && window[k - 1] === 0n ? '.' : 'l';
  });
  return wave;
}

function busWave(
  window: readonly bigint[],
  sig: WaveSignalInfo,
  radix: Radix,
): { wave: string; data: string[]; runs: { label: string; run: number }[] } {
  let wave = '';
  const data: string[] = [];
  const runs: { label: string; run: number }[] = [];
  window.forEach((v, k) => {
    if (k > 0 && v === window[k - 1]) {
      wave += '.';
      runs[runs.length - 1].run++;
    } else {
      wave += '=';
      const label = formatValue(v, sig, radix);
      data.push(label);
      runs.push({ label, run: 1 });
    }
  });
  return { wave, data, runs };
}

/** The smallest hscale at which every label fits in its run of cycles, with a little margin. */
function autoHscale(runs: readonly { label: string; run: number }[]): number {
  let hscale = 1;
  for (const { label, run } of runs) {
    const need = (textWidthPx(label, LABEL_FONT_PX) + 10) / (run * PERIOD_PX);
    hscale = Math.max(hscale, Math.ceil(need));
  }
  return Math.min(hscale, 100);
}

/** Cycle numbers on every period, or on every 2nd, 5th, 10th, … when they would crowd. */
function tickEvery(lastCycle: number, hscale: number): number {
  const need = textWidthPx(String(lastCycle), LABEL_FONT_PX) + 6;
  for (let every = 1; ; every *= 10) {
    for (const step of [1, 2, 5]) {
      if (need <= every * step * PERIOD_PX * hscale) return every * step;
    }
  }
}

/** Adds callout rows, nodes and edges for the annotations inside the window. */
function annotate(
  lanes: ShownLane[],
  annotations: readonly WaveAnnotation[],
  from: number,
  to: number,
  hscale: number,
): { signal: WaveLane[]; edge: string[]; overflow: string[] } {
  const n = to - from;
  const laneOf = new Map(lanes.map((l) => [l.name, l]));
  for (const a of annotations) {
    if (!laneOf.has(a.signal)) {
      const shown = lanes.map((l) => l.name).join(', ');
      throw new Error(`WaveJSON: annotation '${a.text}' is on '${a.signal}', which is not shown; shown: ${shown}`);
    }
    if (!Number.isSafeInteger(a.cycle)) {
      throw new Error(`WaveJSON: annotation '${a.text}' has cycle ${a.cycle}, not an integer`);
    }
  }
  const inside = annotations
    .map((a, order) => ({ a, order }))
    .filter(({ a }) => a.cycle >= from && a.cycle < to)
    .sort((x, y) => x.a.cycle - y.a.cycle || x.order - y.order)
    .map(({ a }) => a);

  const period = PERIOD_PX * hscale;
  const names = [...NODE_NAMES];
  // One arrow target per signal and cycle, shared by the annotations there.
  const targets = new Map<string, { signal: string; pos: number; node: string }>();
  const rowsOf = new Map<string, { right: number; nodes: string[] }[]>(); // signal → callout rows, nearest first
  const arrows: string[] = [];
  const labels: string[] = [];
  const overflow: string[] = [];

  for (const a of inside) {
    const key = `${a.cycle} ${a.signal}`;
    let target = targets.get(key);
    if (names.length < (target ? 1 : 2)) {
      overflow.push(`cycle ${a.cycle} ${a.signal}: ${a.text}`);
      continue;
    }
    if (!target) {
      target = { signal: a.signal, pos: a.cycle - from, node: names.shift()! };
      targets.set(key, target);
    }
    // The label goes over the cycle, moved whole cycles inwards when it would stick out of the diagram.
    const w = textWidthPx(a.text, ARC_FONT_PX) + 2;
    const centre = (p: number) => p * period + NODE_PX;
    let pos = target.pos;
    while (pos < n - 1 && centre(pos) - w / 2 < 0) pos++;
    while (pos > 0 && centre(pos) + w / 2 > n * period) pos--;
    const left = centre(pos) - w / 2;
    let rows = rowsOf.get(a.signal);
    if (!rows) {
      rows = [];
      rowsOf.set(a.signal, rows);
    }
    let row = rows.find((r) => r.right + 4 <= left);
    if (!row) {
      row = { right: -Infinity, nodes: new Array<string>(n).fill('.') };
      rows.push(row);
    }
    const anchor = names.shift()!;
    row.nodes[pos] = anchor;
    row.right = centre(pos) + w / 2;
    arrows.push(`${anchor}->${target.node}`);
    // A zero-length edge carries the label, centred on the anchor; drawn after every arrow so no arrow crosses a label.
    labels.push(`${anchor}-${anchor} ${a.text}`);
  }

  const signal: WaveLane[] = [];
  for (const lane of lanes) {
    const rows = rowsOf.get(lane.name) ?? [];
    for (let r = rows.length - 1; r >= 0; r--) signal.push({ node: rows[r].nodes.join('') });
    const nodes = new Array<string>(n).fill('.');
    let any = false;
    for (const t of targets.values()) {
      if (t.signal === lane.name) {
        nodes[t.pos] = t.node;
        any = true;
      }
    }
    signal.push(any ? { ...lane.json, node: nodes.join('') } : lane.json);
  }
  const edge = [...arrows, ...labels];
  return { signal, edge, overflow };
}
