// Golden model of RamRmw (ram-rmw.ts), from its description: at every edge
// the RAM is read at `addr` (read-first: the value before this edge's write),
// the word read at the previous edge plus the previous cycle's `data` plus
// `increment` is written back at the previous address if the previous cycle
// was enabled, and `addr` moves by `stride` when `en` is set.
import type { GoldenModel, SignalValues } from '../../testbenches/cosim/index.ts';
import { ramInit, type RamRmwParams } from './ram-rmw.ts';

export class RamRmwModel implements GoldenModel {
  private readonly mem: Uint32Array;
  private readonly amask: number;
  private readonly wmod: number;
  private addr = 0;
  private addr1 = 0;
  private valid1 = false;
  private data1 = 0;
  private q = 0;

  constructor(private readonly p: RamRmwParams) {
    if (p.width > 32) throw new Error('RamRmwModel: words of at most 32 bits');
    this.mem = new Uint32Array(p.depth);
    this.amask = p.depth - 1;
    this.wmod = 2 ** p.width;
  }

  /** State after one reset cycle: registers at 0, the RAM at its power-up contents. */
  reset(): void {
    for (let i = 0; i < this.p.depth; i++) this.mem[i] = ramInit(i, this.p.width);
    this.addr = this.addr1 = this.data1 = 0;
    this.valid1 = false;
    this.q = this.mem[0]!;
  }

  step(inputs: SignalValues): { q: number; wr_addr: number } {
    const q = this.mem[this.addr]!; // read-first
    if (this.valid1) this.mem[this.addr1] = (this.q + this.data1 + this.p.increment) % this.wmod;
    this.addr1 = this.addr;
    if (inputs.en !== 0n) this.addr = (this.addr + Number(inputs.stride)) & this.amask;
    this.valid1 = inputs.en !== 0n;
    this.data1 = Number(inputs.data);
    this.q = q;
    return { q, wr_addr: this.addr1 };
  }
}
