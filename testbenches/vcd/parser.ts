// A VCD reader written from the IEEE 1364-2005 grammar (section 18.2), used
// to check our own writer and to read dumps from Icarus, Verilator and others.
//
// - Declarations: $comment, $date, $version, $timescale, nested $scope/$upscope,
//   $var (any var type; references with a bit select or range, attached or as
//   a separate token), $enddefinitions.
// - Simulation: #time, $dumpvars/$dumpall/$dumpon/$dumpoff blocks, $comment,
//   scalar changes `1!`, vector changes `b1010 !`/`B…`, reals `r1.5 !`/`R…`,
//   any number of changes per line.
// - x and z bits read as 0; the change is flagged `unknown`. Before its first
//   change a signal reads 0 and is unknown.
// - Several $var lines may share one identifier code (aliases, as Icarus writes
//   for ports); they share one change list.

export type VcdTimeUnit = 's' | 'ms' | 'us' | 'ns' | 'ps' | 'fs';

export interface VcdTimescale {
  magnitude: 1 | 10 | 100;
  unit: VcdTimeUnit;
}

export interface VcdSignal {
  /** Scope names and the reference, joined by '.', e.g. 'tb.dut.count'. */
  name: string;
  scope: string[];
  /** The reference as declared, without its bit range. */
  reference: string;
  /** The var type: wire, reg, integer, real, logic, … */
  type: string;
  width: number;
  /** Identifier code. */
  id: string;
  /** Bit range when the declaration has one: [msb:lsb], or [msb] for a bit select. */
  msb?: number;
  lsb?: number;
  /** [time, value] in time order, at most one per time; x/z bits read as 0. */
  changes: [number, bigint][];
  /** Parallel to changes: whether that value had x or z bits. */
  unknown: boolean[];
  /** Parallel to changes, for real variables only: the real value (changes hold it truncated). */
  reals?: number[];
}

export interface VcdFile {
  version: string | null;
  date: string | null;
  timescale: VcdTimescale | null;
  /** Every $comment's text, trimmed, header and body. */
  comments: string[];
  /** In declaration order. */
  signals: VcdSignal[];
  /** The first simulation time in the dump (0 when there is none). */
  startTime: number;
  /** The last simulation time in the dump (0 when there is none). */
  endTime: number;
}

export class VcdParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`VCD line ${line}: ${message}`);
    this.name = 'VcdParseError';
  }
}

interface Channel {
  width: number;
  real: boolean;
  changes: [number, bigint][];
  unknown: boolean[];
  reals?: number[];
}

const UNITS = new Set<string>(['s', 'ms', 'us', 'ns', 'ps', 'fs']);

class Tokens {
  private readonly re = /\S+/g;
  /** Start offset of the last token returned. */
  at = 0;

  constructor(private readonly text: string) {}

  next(): string | null {
    const m = this.re.exec(this.text);
    if (!m) return null;
    this.at = m.index;
    return m[0];
  }

  line(offset = this.at): number {
    let n = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) n++;
    return n;
  }

  fail(message: string): never {
    throw new VcdParseError(message, this.line());
  }

  /** The words up to the next $end, which is consumed. */
  untilEnd(command: string): string[] {
    const start = this.at;
    const words: string[] = [];
    for (;;) {
      const t = this.next();
      if (t === null) throw new VcdParseError(`${command} has no $end`, this.line(start));
      if (t === '$end') return words;
      words.push(t);
    }
  }
}

export function parseVcd(text: string): VcdFile {
  const tok: Tokens = new Tokens(text);
  const file: VcdFile = {
    version: null,
    date: null,
    timescale: null,
    comments: [],
    signals: [],
    startTime: 0,
    endTime: 0,
  };
  const channels = new Map<string, Channel>();
  const scope: string[] = [];

  // Declarations.
  for (;;) {
    const t = tok.next();
    if (t === null) tok.fail('the dump ends before $enddefinitions');
    if (t === '$enddefinitions') {
      tok.untilEnd(t);
      break;
    }
    switch (t) {
      case '$comment':
        file.comments.push(tok.untilEnd(t).join(' '));
        break;
      case '$date':
        file.date = tok.untilEnd(t).join(' ');
        break;
      case '$version':
        file.version = tok.untilEnd(t).join(' ');
        break;
      case '$timescale':
        file.timescale = parseTimescale(tok.untilEnd(t).join(''), tok);
        break;
      case '$scope': {
        const words = tok.untilEnd(t);
        scope.push(words.length >= 2 ? words[1] : (words[0] ?? ''));
        break;
      }
      case '$upscope':
        tok.untilEnd(t);
        if (scope.length === 0) tok.fail('$upscope without an open $scope');
        scope.pop();
        break;
      case '$var':
        file.signals.push(parseVar(tok.untilEnd(t), scope, channels, tok));
        break;
      default:
        if (t.startsWith('$')) {
          tok.untilEnd(t); // A declaration keyword from a newer standard or a tool extension.
        } else {
          tok.fail(`expected a declaration command, found '${t}'`);
        }
    }
  }
  disambiguate(file.signals);

  // Simulation.
  let time = 0;
  let sawTime = false;
  for (;;) {
    const t = tok.next();
    if (t === null) break;
    const c = t[0];
    if (c === '#') {
      const next = Number(t.slice(1));
      if (!/^#\d+$/.test(t) || !Number.isSafeInteger(next)) tok.fail(`bad simulation time '${t}'`);
      if (next < time) tok.fail(`simulation time goes back from ${time} to ${next}`);
      if (!sawTime) file.startTime = next;
      sawTime = true;
      time = next;
      file.endTime = time;
    } else if (c === '$') {
      if (t === '$comment') file.comments.push(tok.untilEnd(t).join(' '));
      // $dumpvars, $dumpall, $dumpon, $dumpoff and their $end only bracket changes.
    } else if (c === 'b' || c === 'B') {
      const id = tok.next();
      if (id === null) tok.fail(`vector value '${t}' has no identifier code`);
      const ch = channel(channels, id, tok);
      const v = bitsValue(t.slice(1), ch.width, tok);
      record(ch, time, v.value, v.unknown);
    } else if (c === 'r' || c === 'R') {
      const id = tok.next();
      if (id === null) tok.fail(`real value '${t}' has no identifier code`);
      const ch = channel(channels, id, tok);
      const r = Number(t.slice(1));
      if (t.length === 1 || Number.isNaN(r)) tok.fail(`bad real value '${t}'`);
      const whole = Number.isFinite(r) ? BigInt(Math.trunc(r)) : 0n;
      record(ch, time, whole, !Number.isFinite(r), r);
    } else if (c === 's' || c === 'S') {
      tok.next(); // String values (a GTKWave extension) carry no bits.
    } else if ('01xXzZ'.includes(c)) {
      if (t.length < 2) tok.fail(`scalar value '${t}' has no identifier code`);
      const ch = channel(channels, t.slice(1), tok);
      const v = bitsValue(c, ch.width, tok);
      record(ch, time, v.value, v.unknown);
    } else {
      tok.fail(`unexpected '${t}' in the value changes`);
    }
  }
  return file;
}

function parseTimescale(text: string, tok: Tokens): VcdTimescale {
  const m = /^(1|10|100)(s|ms|us|ns|ps|fs)$/.exec(text);
  if (!m || !UNITS.has(m[2])) tok.fail(`bad $timescale '${text}'`);
  return { magnitude: Number(m[1]) as 1 | 10 | 100, unit: m[2] as VcdTimeUnit };
}

function parseVar(words: string[], scope: string[], channels: Map<string, Channel>, tok: Tokens): VcdSignal {
  if (words.length < 4) tok.fail(`$var needs a type, size, identifier code and reference, got '${words.join(' ')}'`);
  const [type, size, id] = words;
  const width = Number(size);
  if (!/^\d+$/.test(size) || width < 1 || !Number.isSafeInteger(width)) tok.fail(`$var ${id}: bad size '${size}'`);
  const refText = words.slice(3).join('');
  const m = /^(.+?)\[\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?\]$/.exec(refText);
  const reference = m ? m[1] : refText;
  const real = type === 'real' || type === 'realtime' || type === 'shortreal';
  let ch = channels.get(id);
  if (!ch) {
    ch = { width, real, changes: [], unknown: [] };
    if (real) ch.reals = [];
    channels.set(id, ch);
  } else if (ch.width !== width) {
    tok.fail(`$var ${reference}: identifier code '${id}' was declared ${ch.width} bits wide, here ${width}`);
  }
  const sig: VcdSignal = {
    name: [...scope, reference].join('.'),
    scope: [...scope],
    reference,
    type,
    width,
    id,
    changes: ch.changes,
    unknown: ch.unknown,
  };
  if (m) {
    sig.msb = Number(m[2]);
    sig.lsb = m[3] === undefined ? Number(m[2]) : Number(m[3]);
  }
  if (ch.reals) sig.reals = ch.reals;
  return sig;
}

/** Bit-blasted declarations (several vars with one name and different ranges) keep their ranges in the name. */
function disambiguate(signals: VcdSignal[]): void {
  const count = new Map<string, number>();
  for (const s of signals) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  for (const s of signals) {
    if ((count.get(s.name) ?? 0) > 1 && s.msb !== undefined) {
      s.name += s.msb === s.lsb ? `[${s.msb}]` : `[${s.msb}:${s.lsb}]`;
    }
  }
}

function channel(channels: Map<string, Channel>, id: string, tok: Tokens): Channel {
  const ch = channels.get(id);
  if (!ch) tok.fail(`value change for undeclared identifier code '${id}'`);
  return ch;
}

const BINARY = /^[01xXzZ]+$/;
const XZ = /[xXzZ]/;

/** A binary value extended (or cut) to the width as IEEE 1364 says: 0/1 extend with 0, x/z with themselves. */
function bitsValue(bits: string, width: number, tok: Tokens): { value: bigint; unknown: boolean } {
  if (bits === '0') return { value: 0n, unknown: false };
  if (bits === '1') return { value: 1n, unknown: false };
  if (!BINARY.test(bits)) tok.fail(`bad binary value '${bits}'`);
  if (bits.length > width) bits = bits.slice(bits.length - width);
  const unknown = XZ.test(bits);
  const value = BigInt('0b' + (unknown ? bits.replace(/[xXzZ]/g, '0') : bits));
  return { value, unknown };
}

function record(ch: Channel, time: number, value: bigint, unknown: boolean, real?: number): void {
  const n = ch.changes.length;
  if (n > 0 && ch.changes[n - 1][0] === time) {
    ch.changes[n - 1] = [time, value];
    ch.unknown[n - 1] = unknown;
    if (ch.reals && real !== undefined) ch.reals[n - 1] = real;
    return;
  }
  ch.changes.push([time, value]);
  ch.unknown.push(unknown);
  if (ch.reals && real !== undefined) ch.reals.push(real);
}

/** Index of the last change at or before a time, or -1. */
function changeIndex(signal: VcdSignal, time: number): number {
  const changes = signal.changes;
  let lo = 0;
  let hi = changes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid][0] <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The value of a signal at a time, after every change at that time (x/z bits and not-yet-dumped read 0). */
export function valueAt(signal: VcdSignal, time: number): bigint {
  const i = changeIndex(signal, time);
  return i < 0 ? 0n : signal.changes[i][1];
}

/** Whether the value at a time had x or z bits, or was not yet dumped. */
export function unknownAt(signal: VcdSignal, time: number): boolean {
  const i = changeIndex(signal, time);
  return i < 0 ? true : signal.unknown[i];
}
