// An in-order scoreboard: expected transactions (from a reference model) and
// observed ones (from a monitor on the hardware) are matched in order. Items
// that do not match are classified by looking a few items ahead on both
// sides, so one dropped or one duplicated transaction is reported as one
// missing or one extra item rather than as every later item being different:
// - missing:   expected, never observed (the observed stream skips it);
// - extra:     observed, never expected;
// - different: expected and observed at the same place in the order, unequal.
// Decisions wait until `lookahead` items are queued on both sides (or the run
// has finished), so the result does not depend on when items arrive.

export interface Transaction<P> {
  payload: P;
  /** Stimulus cycle (see types.ts) in which the transaction happened or was caused. */
  cycle: number;
}

export interface ScoreboardReport<P = unknown> {
  name: string;
  matched: number;
  missing: Transaction<P>[];
  extra: Transaction<P>[];
  different: { expected: Transaction<P>; actual: Transaction<P> }[];
  ok: boolean;
}

export interface ScoreboardOptions<P> {
  /** Payload equality; default: deep equality of bigints, numbers, strings, arrays and plain objects. */
  equals?: (a: P, b: P) => boolean;
  /** Payload text for reports; default: bigints in decimal, objects as {k: v}. */
  format?: (p: P) => string;
  /** How far to look ahead for a resynchronisation (default 8). */
  lookahead?: number;
}

export function payloadEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!payloadEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

export function formatPayload(p: unknown): string {
  if (typeof p === 'bigint' || typeof p === 'number' || typeof p === 'boolean') return String(p);
  if (typeof p === 'string') return JSON.stringify(p);
  if (Array.isArray(p)) return `[${p.map(formatPayload).join(', ')}]`;
  if (p && typeof p === 'object') return `{${Object.entries(p).map(([k, v]) => `${k}: ${formatPayload(v)}`).join(', ')}}`;
  return String(p);
}

export class Scoreboard<P = unknown> {
  private readonly expectedQ: Transaction<P>[] = [];
  private readonly observedQ: Transaction<P>[] = [];
  private eHead = 0;
  private oHead = 0;
  private matched = 0;
  private readonly missing: Transaction<P>[] = [];
  private readonly extra: Transaction<P>[] = [];
  private readonly different: { expected: Transaction<P>; actual: Transaction<P> }[] = [];
  private readonly equals: (a: P, b: P) => boolean;
  private readonly lookahead: number;
  private finished = false;
  readonly format: (p: P) => string;

  constructor(
    readonly name: string,
    opts: ScoreboardOptions<P> = {},
  ) {
    this.equals = opts.equals ?? payloadEquals;
    this.format = opts.format ?? formatPayload;
    this.lookahead = opts.lookahead ?? 8;
    if (!Number.isInteger(this.lookahead) || this.lookahead < 0) throw new Error(`scoreboard '${name}': lookahead must be an integer >= 0`);
  }

  /** A transaction the reference says must happen. */
  expect(payload: P, cycle: number): void {
    this.checkOpen();
    this.expectedQ.push({ payload, cycle });
    this.resolve(false);
  }

  /** A transaction the hardware did. */
  observe(payload: P, cycle: number): void {
    this.checkOpen();
    this.observedQ.push({ payload, cycle });
    this.resolve(false);
  }

  /** Expected transactions not yet observed (they may still come). */
  get pending(): number {
    return this.expectedQ.length - this.eHead;
  }

  /** Whether a problem has been decided already (before finish). */
  get failed(): boolean {
    return this.missing.length + this.extra.length + this.different.length > 0;
  }

  /** Ends the run: what is still expected is missing, what is still observed is extra. */
  finish(): ScoreboardReport<P> {
    if (!this.finished) {
      this.resolve(true);
      for (let i = this.eHead; i < this.expectedQ.length; i++) this.missing.push(this.expectedQ[i]!);
      for (let i = this.oHead; i < this.observedQ.length; i++) this.extra.push(this.observedQ[i]!);
      this.eHead = this.expectedQ.length;
      this.oHead = this.observedQ.length;
      this.finished = true;
    }
    return this.report();
  }

  /** The state so far (without the end-of-run classification of pending items). */
  report(): ScoreboardReport<P> {
    const byCycle = (a: Transaction<P>, b: Transaction<P>) => a.cycle - b.cycle;
    return {
      name: this.name,
      matched: this.matched,
      missing: [...this.missing].sort(byCycle),
      extra: [...this.extra].sort(byCycle),
      different: [...this.different].sort((a, b) => a.actual.cycle - b.actual.cycle),
      ok: !this.failed,
    };
  }

  /** A readable account of the problems (empty when there are none). */
  describe(limit = 10): string[] {
    const r = this.report();
    const lines: string[] = [];
    const f = (t: Transaction<P>) => `${this.format(t.payload)} (cycle ${t.cycle})`;
    for (const d of r.different.slice(0, limit)) lines.push(`different: expected ${f(d.expected)}, got ${f(d.actual)}`);
    for (const m of r.missing.slice(0, limit)) lines.push(`missing:   expected ${f(m)}, never observed`);
    for (const e of r.extra.slice(0, limit)) lines.push(`extra:     observed ${f(e)}, not expected`);
    const shown = Math.min(r.different.length, limit) + Math.min(r.missing.length, limit) + Math.min(r.extra.length, limit);
    const total = r.different.length + r.missing.length + r.extra.length;
    if (total > shown) lines.push(`... and ${total - shown} more`);
    return lines;
  }

  private checkOpen(): void {
    if (this.finished) throw new Error(`scoreboard '${this.name}' has finished`);
  }

  private resolve(final: boolean): void {
    const W = this.lookahead;
    for (;;) {
      const ne = this.expectedQ.length - this.eHead;
      const no = this.observedQ.length - this.oHead;
      if (ne === 0 || no === 0) break;
      const e0 = this.expectedQ[this.eHead]!;
      const o0 = this.observedQ[this.oHead]!;
      if (this.equals(e0.payload, o0.payload)) {
        this.matched++;
        this.eHead++;
        this.oHead++;
        continue;
      }
      if (!final && (ne <= W || no <= W)) break; // not enough seen yet to tell a gap from a difference
      let j = -1;
      for (let d = 1; d <= W && d < ne; d++) {
        if (this.equals(this.expectedQ[this.eHead + d]!.payload, o0.payload)) {
          j = d;
          break;
        }
      }
      let i = -1;
      for (let d = 1; d <= W && d < no; d++) {
        if (this.equals(e0.payload, this.observedQ[this.oHead + d]!.payload)) {
          i = d;
          break;
        }
      }
      if (j > 0 && (i < 0 || j <= i)) {
        for (let d = 0; d < j; d++) this.missing.push(this.expectedQ[this.eHead + d]!);
        this.eHead += j;
      } else if (i > 0) {
        for (let d = 0; d < i; d++) this.extra.push(this.observedQ[this.oHead + d]!);
        this.oHead += i;
      } else {
        this.different.push({ expected: e0, actual: o0 });
        this.eHead++;
        this.oHead++;
      }
    }
    this.compact();
  }

  /** Drops consumed items now and then so long runs keep little memory. */
  private compact(): void {
    if (this.eHead > 4096 && this.eHead * 2 > this.expectedQ.length) {
      this.expectedQ.splice(0, this.eHead);
      this.eHead = 0;
    }
    if (this.oHead > 4096 && this.oHead * 2 > this.observedQ.length) {
      this.observedQ.splice(0, this.oHead);
      this.oHead = 0;
    }
  }
}
