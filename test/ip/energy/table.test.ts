// The energy table: the 45 nm default carries REFERENCE.md's figures, and a
// table with a missing, negative or malformed entry is refused with the field named.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { energy45nm, memoryTier, parseEnergyTable, readEnergyTable, validateEnergyTable, type EnergyTable } from '../../../ip/energy/index.ts';

const copy = (): Record<string, unknown> => JSON.parse(JSON.stringify(energy45nm)) as Record<string, unknown>;

describe('energy tables', () => {
  it('the 45 nm table holds the Horowitz figures of REFERENCE.md and is valid', () => {
    expect(validateEnergyTable(energy45nm)).toEqual([]);
    expect(energy45nm.synapticOpPj).toBe(0.9);
    expect(energy45nm.macPj).toBe(4.6);
    expect(energy45nm.addPj).toBe(0.1);
    expect(energy45nm.multiplyPj).toBe(3.1);
    expect(energy45nm.memory).toEqual([{ maxBytes: 8192, accessBits: 64, readPj: 10, writePj: 10 }]);
  });

  it('names a missing entry', () => {
    const t = copy();
    delete t.neuronUpdatePj;
    expect(validateEnergyTable(t)).toEqual(['neuronUpdatePj: missing']);
    const u = copy();
    delete (u.memory as Record<string, unknown>[])[0]!.readPj;
    expect(validateEnergyTable(u)).toEqual(['memory[0].readPj: missing']);
  });

  it('names a negative or non-numeric entry', () => {
    const t = copy();
    t.synapticOpPj = -0.5;
    t.macPj = '4.6';
    (t.memory as Record<string, unknown>[])[0]!.writePj = -1;
    expect(validateEnergyTable(t)).toEqual(['synapticOpPj: -0.5 is negative', 'macPj: must be a finite number, got "4.6"', 'memory[0].writePj: -1 is negative']);
  });

  it('refuses zero-sized tiers, tiers out of order, an empty tier list and unknown fields', () => {
    const t = copy();
    t.memory = [
      { maxBytes: 1024, accessBits: 0, readPj: 1, writePj: 1 },
      { maxBytes: 512, accessBits: 32, readPj: 1, writePj: 1 },
    ];
    t.sramPj = 3;
    expect(validateEnergyTable(t)).toEqual([
      'memory[0].accessBits: must be above 0',
      "memory[1].maxBytes: 512 is not above the previous tier's 1024 (tiers ascend)",
      expect.stringMatching(/^sramPj: unknown field/),
    ]);
    expect(validateEnergyTable({ ...copy(), memory: [] })).toEqual(['memory: must be a non-empty list of tiers']);
    expect(validateEnergyTable(null)).toEqual(['table: must be an object']);
  });

  it('reads a table from JSON, and names the field of a bad one with the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'energy-table-'));
    const good: EnergyTable = { ...energy45nm, name: '28 nm guess', synapticOpPj: 0.5 };
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    expect(readEnergyTable(join(dir, 'good.json'))).toEqual(good);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...good, addPj: -2 }));
    expect(() => readEnergyTable(bad)).toThrow(/bad\.json:\n\s+addPj: -2 is negative/);
    expect(() => parseEnergyTable('{ nope', 'x.json')).toThrow(/x\.json: not JSON/);
  });

  it('picks the first tier a memory fits, the last one (flagged) beyond them', () => {
    const t: EnergyTable = {
      ...energy45nm,
      memory: [
        { maxBytes: 100, accessBits: 32, readPj: 2, writePj: 3 },
        { maxBytes: 1000, accessBits: 64, readPj: 20, writePj: 30 },
      ],
    };
    expect(memoryTier(t, 100)).toEqual({ tier: t.memory[0], beyondTable: false });
    expect(memoryTier(t, 101)).toEqual({ tier: t.memory[1], beyondTable: false });
    expect(memoryTier(t, 5000)).toEqual({ tier: t.memory[1], beyondTable: true });
  });
});
