// Technology-mapped synthesis for a board target: the emitted block RAM
// becomes an iCE40 SB_RAM40_4K and the utilisation is read from `stat -json`.
import { expect, test } from 'vitest';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { synthFor } from '../../boards/yosys.ts';
import { blockRam } from './designs.ts';

test('iCE40: the 256x16 memory maps to block RAM', async () => {
  const d = blockRam();
  const u = await synthFor('ice40', emitVerilog(d), d.top);
  expect(u.errors).toEqual([]);
  expect(u.ok).toBe(true);
  expect(u.brams).toBe(1);
  expect(u.cells['SB_RAM40_4K']).toBe(1);
  // The 4096 bits are not in flip-flops.
  expect(u.ffs).toBeLessThan(100);
  expect(u.totalCells).toBe(Object.values(u.cells).reduce((s, n) => s + n, 0));
});
