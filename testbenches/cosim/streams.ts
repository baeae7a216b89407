// Transaction mode for valid/ready streams. A stream transfers one payload in
// every cycle whose valid and ready (sampled just before the clock edge, as
// traces sample) are both high. Transactions into the design (input streams)
// drive a transaction-level reference model; the transactions it predicts on
// the output streams are matched against the ones the design makes, in
// order, by one scoreboard per output stream.
import { Scoreboard, type ScoreboardReport } from './scoreboard.ts';

export interface StreamSpec {
  /** The valid signal (a port or a hierarchical signal name). */
  valid: string;
  /** The ready signal; left out for a stream that cannot be held back (every valid cycle transfers). */
  ready?: string;
  /** One data signal (the payload is its value) or named fields (the payload is a record of them). */
  data: string | Readonly<Record<string, string>>;
}

export type Payload = bigint | Readonly<Record<string, bigint>>;

export interface OutputTransaction {
  /** Name of an output stream. */
  stream: string;
  payload: Payload;
}

/**
 * A transaction-level reference model: called for every input transaction,
 * in order, with the stimulus cycle it happened in; returns the output
 * transactions it causes (in order), if any.
 */
export type TransactionModel = (stream: string, payload: Payload, cycle: number) => readonly OutputTransaction[] | void;

export interface TransactionCheck {
  /** Streams into the design, by name; their transactions feed the model. */
  inputs?: Readonly<Record<string, StreamSpec>>;
  /** Streams out of the design, by name; each gets a scoreboard. */
  outputs: Readonly<Record<string, StreamSpec>>;
  /** Makes a fresh model; every simulator run gets its own. */
  model: () => TransactionModel;
  /** Scoreboard lookahead (see scoreboard.ts). */
  lookahead?: number;
}

/** The signals a check needs traced, once each. */
export function streamSignals(check: TransactionCheck): string[] {
  const out = new Set<string>();
  for (const spec of [...Object.values(check.inputs ?? {}), ...Object.values(check.outputs)]) {
    out.add(spec.valid);
    if (spec.ready !== undefined) out.add(spec.ready);
    if (typeof spec.data === 'string') out.add(spec.data);
    else for (const s of Object.values(spec.data)) out.add(s);
  }
  return [...out];
}

interface CompiledStream {
  name: string;
  valid: number;
  ready: number;
  /** Index of the single data signal, or -1 with `fields` set. */
  data: number;
  fields: [string, number][] | null;
}

function compile(name: string, spec: StreamSpec, index: (signal: string) => number): CompiledStream {
  const data = typeof spec.data === 'string' ? index(spec.data) : -1;
  const fields = typeof spec.data === 'string' ? null : Object.entries(spec.data).map(([f, s]) => [f, index(s)] as [string, number]);
  return { name, valid: index(spec.valid), ready: spec.ready === undefined ? -1 : index(spec.ready), data, fields };
}

function payloadOf(s: CompiledStream, values: readonly bigint[]): Payload {
  if (s.fields === null) return values[s.data]!;
  const p: Record<string, bigint> = {};
  for (const [f, i] of s.fields) p[f] = values[i]!;
  return p;
}

/** Watches the traced samples of one simulator run and keeps its scoreboards. */
export class StreamMonitor {
  private readonly inputs: CompiledStream[];
  private readonly outputs: CompiledStream[];
  private readonly boards = new Map<string, Scoreboard<Payload>>();
  private readonly model: TransactionModel;
  /** Stimulus cycles at or past this are not transfers (no edge followed them). */
  limit = Number.POSITIVE_INFINITY;
  /** Transactions seen per stream. */
  readonly counts = new Map<string, number>();

  constructor(
    check: TransactionCheck,
    index: (signal: string) => number,
    /** Simulator cycle of stimulus cycle 0 (the reset cycles before it). */
    private readonly firstCycle: number,
  ) {
    this.inputs = Object.entries(check.inputs ?? {}).map(([n, s]) => compile(n, s, index));
    this.outputs = Object.entries(check.outputs).map(([n, s]) => compile(n, s, index));
    for (const s of this.outputs) this.boards.set(s.name, new Scoreboard<Payload>(s.name, check.lookahead === undefined ? {} : { lookahead: check.lookahead }));
    this.model = check.model();
  }

  /** A trace sample: `values` just before the edge that ends simulator cycle `simCycle`. */
  sample(simCycle: number, values: readonly bigint[]): void {
    const k = simCycle - this.firstCycle;
    if (k < 0 || k >= this.limit) return;
    for (const s of this.inputs) {
      if (values[s.valid] === 0n || (s.ready >= 0 && values[s.ready] === 0n)) continue;
      this.count(s.name);
      const outs = this.model(s.name, payloadOf(s, values), k);
      if (!outs) continue;
      for (const o of outs) {
        const board = this.boards.get(o.stream);
        if (!board) {
          throw new Error(`transaction model: output transaction on '${o.stream}', which is not an output stream (streams: ${[...this.boards.keys()].join(', ')})`);
        }
        board.expect(o.payload, k);
      }
    }
    for (const s of this.outputs) {
      if (values[s.valid] === 0n || (s.ready >= 0 && values[s.ready] === 0n)) continue;
      this.count(s.name);
      this.boards.get(s.name)!.observe(payloadOf(s, values), k);
    }
  }

  scoreboards(): Scoreboard<Payload>[] {
    return [...this.boards.values()];
  }

  finish(): ScoreboardReport<Payload>[] {
    return this.scoreboards().map((b) => b.finish());
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}
