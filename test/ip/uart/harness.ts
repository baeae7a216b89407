// Shared helpers for the UART tests: seeded random numbers (re-exported), and a bench
// that runs a simulator cycle by cycle, drives a UART input pin from queued
// line samples and decodes an output pin with the golden line decoder.
import { UartLineDecoder, type UartRxEvent } from '../../../ip/uart/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';

export { floatStream, randomInt } from '../../../testbenches/fuzz/rng.ts';

export interface UartBenchOptions {
  /** The input pin the bench drives (omit when the design has none). */
  rx?: string;
  /** The output pin the bench decodes (omit when the design has none). */
  tx?: string;
  clocksPerBit: number;
  /** Called before every edge, after the rx pin is poked: the place for other pokes and checks. */
  beforeEdge?: (cycle: number) => void;
}

export class UartBench {
  private readonly queue: number[] = [];
  private head = 0;
  private readonly decoder: UartLineDecoder;
  /** Every sample of the output pin, one per cycle (after each edge). */
  readonly txLine: number[] = [];
  /** What the golden decoder found on the output pin, in order. */
  readonly txEvents: UartRxEvent[] = [];

  constructor(
    readonly sim: Simulator,
    readonly opts: UartBenchOptions,
  ) {
    this.decoder = new UartLineDecoder(opts.clocksPerBit);
  }

  /** Queues line samples for the input pin (one per cycle; the pin idles at 1 when the queue is empty). */
  drive(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) this.queue.push(samples[i]!);
  }

  /** Samples still to be driven. */
  get driving(): number {
    return this.queue.length - this.head;
  }

  /** Bytes decoded from the output pin. */
  get txBytes(): number[] {
    return this.txEvents.flatMap((e) => (e.kind === 'byte' ? [e.byte] : []));
  }

  step(cycles = 1): void {
    for (let i = 0; i < cycles; i++) {
      if (this.opts.rx !== undefined) this.sim.poke(this.opts.rx, this.head < this.queue.length ? this.queue[this.head++]! : 1);
      this.opts.beforeEdge?.(this.sim.cycle);
      this.sim.step();
      if (this.opts.tx !== undefined) {
        const level = Number(this.sim.peek(this.opts.tx));
        this.txLine.push(level);
        const e = this.decoder.push(level);
        if (e) this.txEvents.push(e);
      }
    }
  }

  /** Steps until `done()` holds; a hang is a failure naming `what`. */
  runUntil(done: () => boolean, maxCycles: number, what: string): void {
    for (let i = 0; !done(); i++) {
      if (i >= maxCycles) throw new Error(`${what}: not done within ${maxCycles} cycles`);
      this.step();
    }
  }
}
