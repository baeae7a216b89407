// Energy per operation: the table the estimate multiplies the activity counts
// by. One table is one technology's figures; `energy45nm` is the default and
// any other table (an object, or a JSON file read with `readEnergyTable`)
// replaces it as a whole. Every figure is in picojoules.
//
// The 45 nm figures are Horowitz, "Computing's energy problem (and what we can
// do about it)", ISSCC 2014, as gathered in /work/shared/REFERENCE.md
// ("Energy conventions used by SNN papers"): 32-bit int add 0.1 pJ, 32-bit int
// multiply 3.1 pJ, 0.9 pJ per accumulate (AC) and 4.6 pJ per
// multiply-accumulate (MAC) as the SNN literature uses them, 8 KB SRAM access
// about 10 pJ per 64-bit access. Memory is priced per bit accessed (a w-bit
// word costs w / accessBits of the access figure) in size tiers, because the
// critics of the AC/MAC-only estimate (STEP; Yan et al.) point out that
// memory dominates.
import { readFileSync } from 'node:fs';

/** The cost of one memory access, for memories up to `maxBytes`. */
export interface MemoryEnergyTier {
  /** The tier covers memories of at most this many bytes (depth × width / 8). */
  maxBytes: number;
  /** Bits of the access the figures below are for (e.g. 64). */
  accessBits: number;
  /** pJ per read access of `accessBits` bits. */
  readPj: number;
  /** pJ per write access of `accessBits` bits. */
  writePj: number;
}

export interface EnergyTable {
  /** Short name shown in reports, e.g. '45 nm (Horowitz, ISSCC 2014)'. */
  name: string;
  /** Where the figures come from. */
  source: string;
  /** pJ per synaptic operation: one weight accumulated into one neuron (an AC). */
  synapticOpPj: number;
  /** pJ per neuron update (integrate, compare with the threshold, reset), state access excluded. */
  neuronUpdatePj: number;
  /** pJ per integer addition outside the synapses (counters, arg-max compares). */
  addPj: number;
  /** pJ per integer multiplication. */
  multiplyPj: number;
  /** pJ per multiply-accumulate, for the equivalent non-spiking network. */
  macPj: number;
  /**
   * Memory tiers, ascending `maxBytes`. A memory takes the first tier it fits;
   * a memory larger than the last tier is priced at the last tier and flagged
   * in the report (an underestimate: bigger arrays cost more per bit).
   */
  memory: MemoryEnergyTier[];
}

/** 45 nm figures (REFERENCE.md, Horowitz ISSCC 2014). */
export const energy45nm: EnergyTable = {
  name: '45 nm (Horowitz, ISSCC 2014)',
  source: 'Horowitz ISSCC 2014 via REFERENCE.md: AC 0.9 pJ, MAC 4.6 pJ, 32-bit int add 0.1 pJ / mult 3.1 pJ, 8 KB SRAM 10 pJ per 64-bit access',
  // The SNN literature's accumulate figure (a 32-bit float add): an upper bound for the narrow integer adds of the hardware.
  synapticOpPj: 0.9,
  // No published per-neuron figure: an integrate-and-fire update is three 32-bit integer adds
  // (integrate, compare with the threshold, subtract on reset) at 0.1 pJ each.
  neuronUpdatePj: 0.3,
  addPj: 0.1,
  multiplyPj: 3.1,
  macPj: 4.6,
  // Only the 8 KB SRAM figure is given; smaller memories are priced at it too (an upper bound for them).
  memory: [{ maxBytes: 8192, accessBits: 64, readPj: 10, writePj: 10 }],
};

const NUMBER_FIELDS = ['synapticOpPj', 'neuronUpdatePj', 'addPj', 'multiplyPj', 'macPj'] as const;
const TIER_FIELDS = ['maxBytes', 'accessBits', 'readPj', 'writePj'] as const;

function checkNumber(errs: string[], where: string, x: unknown, positive: boolean): void {
  if (x === undefined) errs.push(`${where}: missing`);
  else if (typeof x !== 'number' || !Number.isFinite(x)) errs.push(`${where}: must be a finite number, got ${JSON.stringify(x)}`);
  else if (x < 0) errs.push(`${where}: ${x} is negative`);
  else if (positive && x === 0) errs.push(`${where}: must be above 0`);
}

/** Every problem of a table, each message starting with the field's name; empty when it is usable. */
export function validateEnergyTable(t: unknown): string[] {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return ['table: must be an object'];
  const o = t as Record<string, unknown>;
  const errs: string[] = [];
  for (const f of ['name', 'source'] as const) {
    if (o[f] === undefined) errs.push(`${f}: missing`);
    else if (typeof o[f] !== 'string') errs.push(`${f}: must be a string`);
  }
  for (const f of NUMBER_FIELDS) checkNumber(errs, f, o[f], false);
  if (o.memory === undefined) errs.push('memory: missing');
  else if (!Array.isArray(o.memory) || o.memory.length === 0) errs.push('memory: must be a non-empty list of tiers');
  else {
    o.memory.forEach((tier: unknown, i) => {
      if (typeof tier !== 'object' || tier === null) {
        errs.push(`memory[${i}]: must be an object`);
        return;
      }
      const r = tier as Record<string, unknown>;
      for (const f of TIER_FIELDS) checkNumber(errs, `memory[${i}].${f}`, r[f], f === 'maxBytes' || f === 'accessBits');
      const prev = i > 0 ? (o.memory as Record<string, unknown>[])[i - 1]?.maxBytes : undefined;
      if (typeof prev === 'number' && typeof r.maxBytes === 'number' && r.maxBytes <= prev) {
        errs.push(`memory[${i}].maxBytes: ${r.maxBytes} is not above the previous tier's ${prev} (tiers ascend)`);
      }
    });
  }
  const known = new Set<string>(['name', 'source', 'memory', ...NUMBER_FIELDS]);
  for (const k of Object.keys(o)) if (!known.has(k)) errs.push(`${k}: unknown field (fields: ${[...known].join(', ')})`);
  return errs;
}

export function assertValidEnergyTable(t: unknown, what = 'energy table'): asserts t is EnergyTable {
  const errs = validateEnergyTable(t);
  if (errs.length) throw new RangeError(`invalid ${what}:\n  ${errs.join('\n  ')}`);
}

/** A table from JSON text (the fields of `EnergyTable`), validated. */
export function parseEnergyTable(text: string, file = 'energy table'): EnergyTable {
  let t: unknown;
  try {
    t = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${file}: not JSON (${(e as Error).message})`);
  }
  assertValidEnergyTable(t, file);
  return t;
}

export function readEnergyTable(path: string): EnergyTable {
  return parseEnergyTable(readFileSync(path, 'utf8'), path);
}

/** The tier a memory of `bytes` is priced at, and whether it is larger than the table covers. */
export function memoryTier(table: EnergyTable, bytes: number): { tier: MemoryEnergyTier; beyondTable: boolean } {
  const tier = table.memory.find((t) => bytes <= t.maxBytes);
  return tier ? { tier, beyondTable: false } : { tier: table.memory[table.memory.length - 1]!, beyondTable: true };
}
