// The last few cycles of a run (inputs and reference values), kept in
// preallocated rows so that recording a cycle allocates nothing. Before the
// first mismatch every run equals the reference, so these rows are also what
// each run showed; they are what the diagram of a mismatch draws.
export class History {
  private readonly inputs: bigint[][];
  private readonly refs: bigint[][];
  private readonly cycles: Int32Array;

  constructor(
    readonly capacity: number,
    nInputs: number,
    nObserved: number,
  ) {
    this.inputs = Array.from({ length: capacity }, () => new Array<bigint>(nInputs).fill(0n));
    this.refs = Array.from({ length: capacity }, () => new Array<bigint>(nObserved).fill(0n));
    this.cycles = new Int32Array(capacity).fill(-1);
  }

  /** Records cycle `cycle`: its inputs, and its reference values from `refs[offset..offset+n)`. */
  push(cycle: number, inputs: readonly bigint[], refs: readonly bigint[], offset: number): void {
    const at = cycle % this.capacity;
    const ins = this.inputs[at]!;
    for (let i = 0; i < ins.length; i++) ins[i] = inputs[i]!;
    const r = this.refs[at]!;
    for (let j = 0; j < r.length; j++) r[j] = refs[offset + j]!;
    this.cycles[at] = cycle;
  }

  inputsAt(cycle: number): readonly bigint[] | undefined {
    const at = cycle % this.capacity;
    return cycle >= 0 && this.cycles[at] === cycle ? this.inputs[at] : undefined;
  }

  refsAt(cycle: number): readonly bigint[] | undefined {
    const at = cycle % this.capacity;
    return cycle >= 0 && this.cycles[at] === cycle ? this.refs[at] : undefined;
  }
}
