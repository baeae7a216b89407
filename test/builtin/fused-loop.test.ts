// The fused run loop (loop.ts) against the chunked settle/edge functions, on
// random fuzz designs: run(), runColumns() and bind() give the same values
// with and without it, and so does every signal peeked afterwards.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { topModule, type IrDesign } from '../../hdl/ir.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { compileModel } from '../../testbenches/builtin/compile.ts';
import { randomBlock } from '../../testbenches/fuzz/generator.ts';
import { randomStimulus } from '../../testbenches/fuzz/stimulus.ts';

const CYCLES = 120;

function columnsOf(rows: bigint[][], widths: number[]): Uint32Array[] {
  return widths.map((w, j) => {
    const words = Math.ceil(w / 32);
    const col = new Uint32Array(rows.length * words);
    rows.forEach((row, c) => {
      let p = BigInt.asUintN(w, row[j]!);
      for (let k = 0; k < words; k++, p >>= 32n) col[c * words + k] = Number(p & 0xffffffffn);
    });
    return col;
  });
}

function fusedFits(ir: IrDesign, inputs: string[], observe: string[]): boolean {
  const model = compileModel(ir);
  const net = (n: string): number => {
    const s = model.flat.signals.find((x) => x.name === n) ?? model.flat.ports.find((x) => x.name === n)!;
    return s.net;
  };
  return model.loop(inputs.map(net), observe.map(net)) !== null;
}

describe('fused run loop', () => {
  it('agrees with the chunked functions on random designs', () => {
    let fused = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const ir = elaborate(randomBlock(seed * 7919, { maxWidth: seed % 3 === 0 ? 130 : 65, resetActiveLow: seed % 2 === 0 }), {});
      const top = topModule(ir);
      const stim = randomStimulus(ir, seed, CYCLES, seed % 2 === 0);
      const observe = top.ports.filter((p) => p.dir === 'output').map((p) => p.name);
      const widths = stim.inputs.map((n) => top.nets[top.ports.find((p) => p.name === n)!.net]!.width);
      if (fusedFits(ir, stim.inputs, observe)) fused++;
      const make = (fusedLoop: boolean) => {
        const sim = createBuiltinSimulator(ir, { fusedLoop });
        sim.reset(2);
        return sim;
      };
      const a = make(true);
      const b = make(false);
      const half = CYCLES / 2;
      // run() over the first half.
      const rows = stim.rows.slice(0, half);
      expect(a.run({ inputs: stim.inputs, cycles: rows, observe }), `seed ${seed} run()`).toEqual(b.run({ inputs: stim.inputs, cycles: rows, observe }));
      const names = a.signals().map((s) => s.name);
      expect(names.map((n) => a.peek(n)), `seed ${seed} peek after run()`).toEqual(names.map((n) => b.peek(n)));
      // runColumns() over the second half, without the reset input (it holds
      // still: the loop tests it once), then with it asserted.
      const keep = stim.inputs.map((n) => top.ports.find((p) => p.name === n)!.role !== 'reset');
      const ins = stim.inputs.filter((_, j) => keep[j]);
      const cols = columnsOf(stim.rows.slice(half), widths).filter((_, j) => keep[j]);
      const ra = a.runColumns!({ inputs: ins, cycles: CYCLES - half, values: cols, observe });
      const rb = b.runColumns!({ inputs: ins, cycles: CYCLES - half, values: cols, observe });
      expect(ra.values, `seed ${seed} runColumns()`).toEqual(rb.values);
      for (const sim of [a, b]) for (const p of top.ports) if (p.role === 'reset') sim.poke(p.name, seed % 2 === 0 ? 0 : 1);
      const short = cols.map((c, j) => c.subarray(0, 10 * Math.ceil(widths.filter((_, i) => keep[i])[j]! / 32)));
      const sa = a.runColumns!({ inputs: ins, cycles: 10, values: short, observe });
      const sb = b.runColumns!({ inputs: ins, cycles: 10, values: short, observe });
      expect(sa.values, `seed ${seed} runColumns() in reset`).toEqual(sb.values);
      for (const sim of [a, b]) for (const p of top.ports) if (p.role === 'reset') sim.poke(p.name, seed % 2 === 0 ? 1 : 0);
      expect(ra.values, `seed ${seed} runColumns()`).toEqual(rb.values);
      expect(names.map((n) => a.peek(n)), `seed ${seed} peek after runColumns()`).toEqual(names.map((n) => b.peek(n)));
      // bind(): the first rows again, with a peek in between.
      const ba = a.bind!({ inputs: stim.inputs, observe });
      const bb = b.bind!({ inputs: stim.inputs, observe });
      expect(Array.from(ba.outputs)).toEqual(Array.from(bb.outputs));
      const bcols = columnsOf(stim.rows.slice(0, 20), widths);
      for (let c = 0; c < 20; c++) {
        for (const bd of [ba, bb])
          widths.forEach((w, j) => {
            const words = Math.ceil(w / 32);
            for (let k = 0; k < words; k++) bd.inputs[bd.inputAt[j]! + k] = bcols[j]![c * words + k]!;
          });
        ba.cycle();
        bb.cycle();
        expect(Array.from(ba.outputs), `seed ${seed} bind() cycle ${c}`).toEqual(Array.from(bb.outputs));
        if (c % 7 === 3) expect(names.map((n) => a.peek(n))).toEqual(names.map((n) => b.peek(n)));
      }
      a.close();
      b.close();
    }
    // Most narrow designs fit; the test means nothing if none does.
    expect(fused).toBeGreaterThan(20);
  });
});
