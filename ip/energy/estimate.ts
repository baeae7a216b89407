// Energy of a run: activity counts times the table's figures, per category,
// per memory and in total, and the same per inference.
import type { ActivityCounts, MemoryActivity } from './activity.ts';
import { assertValidEnergyTable, energy45nm, memoryTier, type EnergyTable } from './table.ts';

export interface EnergyItem {
  /** 'synaptic ops', 'neuron updates', 'adds', 'multiplies', or '<memory> reads' / '<memory> writes'. */
  label: string;
  kind: 'compute' | 'memory';
  count: number;
  /** pJ per operation or per word access. */
  unitPj: number;
  pj: number;
  /** Memories only: the memory's name and size, and whether it is larger than the table's last tier. */
  memory?: { name: string; depth: number; width: number; bytes: number; beyondTable: boolean };
}

export interface EnergyTotals {
  computePj: number;
  memoryPj: number;
  totalPj: number;
}

export interface EnergyEstimate extends EnergyTotals {
  table: EnergyTable;
  items: EnergyItem[];
  inferences: number;
  /** The totals divided by `inferences` (equal to the totals when it is 0 or 1). */
  perInference: EnergyTotals;
}

/** pJ of one access of a w-bit word: the tier's figure scaled by the bits accessed. */
export function memoryAccessPj(table: EnergyTable, m: Pick<MemoryActivity, 'depth' | 'width'>, kind: 'read' | 'write'): { pj: number; beyondTable: boolean } {
  const { tier, beyondTable } = memoryTier(table, (m.depth * m.width) / 8);
  return { pj: ((kind === 'read' ? tier.readPj : tier.writePj) * m.width) / tier.accessBits, beyondTable };
}

export function estimateEnergy(counts: ActivityCounts, table: EnergyTable = energy45nm): EnergyEstimate {
  assertValidEnergyTable(table);
  const items: EnergyItem[] = [];
  const compute = (label: string, count: number, unitPj: number): void => {
    items.push({ label, kind: 'compute', count, unitPj, pj: count * unitPj });
  };
  compute('synaptic ops', counts.synapticOps, table.synapticOpPj);
  compute('neuron updates', counts.neuronUpdates, table.neuronUpdatePj);
  compute('adds', counts.adds, table.addPj);
  compute('multiplies', counts.multiplies, table.multiplyPj);
  for (const m of counts.memories) {
    for (const kind of ['read', 'write'] as const) {
      const count = kind === 'read' ? m.reads : m.writes;
      const { pj, beyondTable } = memoryAccessPj(table, m, kind);
      items.push({
        label: `${m.name} ${kind}s`,
        kind: 'memory',
        count,
        unitPj: pj,
        pj: count * pj,
        memory: { name: m.name, depth: m.depth, width: m.width, bytes: (m.depth * m.width) / 8, beyondTable },
      });
    }
  }
  const computePj = items.filter((i) => i.kind === 'compute').reduce((s, i) => s + i.pj, 0);
  const memoryPj = items.filter((i) => i.kind === 'memory').reduce((s, i) => s + i.pj, 0);
  const n = counts.inferences > 1 ? counts.inferences : 1;
  return {
    table,
    items,
    computePj,
    memoryPj,
    totalPj: computePj + memoryPj,
    inferences: counts.inferences,
    perInference: { computePj: computePj / n, memoryPj: memoryPj / n, totalPj: (computePj + memoryPj) / n },
  };
}

/** pJ with a unit that keeps three significant digits or more: '815 pJ', '73.6 nJ', '1.20 µJ'. */
export function formatEnergy(pj: number): string {
  const units: [number, string][] = [
    [1e6, 'µJ'],
    [1e3, 'nJ'],
    [1, 'pJ'],
  ];
  for (const [scale, unit] of units) {
    if (Math.abs(pj) >= scale || scale === 1) {
      const x = pj / scale;
      return `${Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)} ${unit}`;
    }
  }
  return `${pj} pJ`;
}

const int = (x: number): string => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }));

/**
 * The estimate as text, per inference when the counts cover more than one:
 * one line per compute category, one per group of memories of one size whose
 * names differ only in a trailing number (layer0.weights_0 .. _31), totals.
 */
export function formatEnergyReport(e: EnergyEstimate): string {
  const n = e.inferences > 1 ? e.inferences : 1;
  const rows: [string, string, string, string, string][] = [];
  const share = (pj: number): string => (e.totalPj > 0 ? `${((100 * pj) / e.totalPj).toFixed(1)} %` : '-');
  for (const i of e.items.filter((x) => x.kind === 'compute')) {
    if (i.count === 0) continue;
    rows.push([i.label, int(i.count / n), `${i.unitPj} pJ`, formatEnergy(i.pj / n), share(i.pj)]);
  }
  // Group memories: same name stem (trailing _<number> removed), same size, same access kind.
  const groups = new Map<string, { label: string; count: number; unitPj: number; pj: number; members: number; beyond: boolean }>();
  for (const i of e.items.filter((x) => x.kind === 'memory')) {
    const m = i.memory!;
    const kind = i.label.endsWith(' reads') ? 'reads' : 'writes';
    const stem = m.name.replace(/_\d+$/, '_*');
    const key = `${stem}|${m.depth}|${m.width}|${kind}`;
    const g = groups.get(key) ?? { label: '', count: 0, unitPj: i.unitPj, pj: 0, members: 0, beyond: m.beyondTable };
    g.count += i.count;
    g.pj += i.pj;
    g.members++;
    const size = m.bytes >= 1024 ? `${(m.bytes / 1024).toFixed(1)} KB` : `${m.bytes} B`;
    g.label = `${stem} ${kind} (${g.members > 1 ? `${g.members} × ` : ''}${m.depth}×${m.width} bit, ${size}${g.beyond ? ', beyond the table' : ''})`;
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    if (g.count === 0) continue;
    rows.push([g.label, int(g.count / n), `${+g.unitPj.toFixed(4)} pJ`, formatEnergy(g.pj / n), share(g.pj)]);
  }
  const head: [string, string, string, string, string] = ['', n > 1 ? 'per inference' : 'count', 'each', 'energy', 'share'];
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...[head, ...rows].map((r) => r[c]!.length)));
  const line = (r: string[]): string => `  ${r[0]!.padEnd(widths[0]!)}  ${r.slice(1).map((x, c) => x.padStart(widths[c + 1]!)).join('  ')}`.trimEnd();
  const out = [
    `energy estimate, table ${e.table.name}${n > 1 ? `, per inference (mean of ${n})` : ''}:`,
    line(head),
    ...rows.map(line),
    `  compute ${formatEnergy(e.perInference.computePj)} + memory ${formatEnergy(e.perInference.memoryPj)} = ${formatEnergy(e.perInference.totalPj)}${n > 1 ? ' per inference' : ''}`,
  ];
  if ([...groups.values()].some((g) => g.beyond)) out.push('  (memories beyond the table are priced at its largest tier: an underestimate)');
  return out.join('\n');
}
