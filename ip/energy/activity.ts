// What a run did, in the units the energy table prices: synaptic operations,
// neuron updates, other arithmetic, and word reads and writes per memory.
// The same shape comes from a hardware simulation (testbenches/energy, from
// the memories' enables) and from a golden model (from the spec), so the two
// can be compared field by field.

/** Accesses of one memory. */
export interface MemoryActivity {
  /** Hierarchical name, instance names joined by '.', e.g. 'layer0.weights_3'. */
  name: string;
  /** Words. */
  depth: number;
  /** Bits per word. */
  width: number;
  /** Word reads (a read port enabled for one clock edge). */
  reads: number;
  /** Word writes. */
  writes: number;
}

export interface ActivityCounts {
  /** One weight accumulated into one neuron. */
  synapticOps: number;
  /** One neuron taking one update (a time step, or an event in event mode). */
  neuronUpdates: number;
  /** Integer additions outside the synapses and neuron updates (e.g. spike counters). */
  adds: number;
  multiplies: number;
  /** Per memory, sorted by name. */
  memories: MemoryActivity[];
  /** Clock cycles the counts cover (0 when not known, e.g. from a golden model). */
  cycles: number;
  /** Inferences (images) the counts cover, to give energy per inference. */
  inferences: number;
}

export function emptyActivity(memories: readonly Pick<MemoryActivity, 'name' | 'depth' | 'width'>[] = []): ActivityCounts {
  return {
    synapticOps: 0,
    neuronUpdates: 0,
    adds: 0,
    multiplies: 0,
    memories: memories.map((m) => ({ name: m.name, depth: m.depth, width: m.width, reads: 0, writes: 0 })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    cycles: 0,
    inferences: 0,
  };
}

/** a + b; memories are matched by name (one missing on a side counts as zero accesses there). */
export function addActivity(a: ActivityCounts, b: ActivityCounts): ActivityCounts {
  const mems = new Map<string, MemoryActivity>();
  for (const m of [...a.memories, ...b.memories]) {
    const x = mems.get(m.name);
    if (!x) mems.set(m.name, { ...m });
    else {
      if (x.depth !== m.depth || x.width !== m.width) throw new RangeError(`memory ${m.name}: ${x.depth}×${x.width} on one side, ${m.depth}×${m.width} on the other`);
      x.reads += m.reads;
      x.writes += m.writes;
    }
  }
  return {
    synapticOps: a.synapticOps + b.synapticOps,
    neuronUpdates: a.neuronUpdates + b.neuronUpdates,
    adds: a.adds + b.adds,
    multiplies: a.multiplies + b.multiplies,
    memories: [...mems.values()].sort((p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : 0)),
    cycles: a.cycles + b.cycles,
    inferences: a.inferences + b.inferences,
  };
}

/**
 * The differences between two counts, one line each ("synapticOps: 120 vs 118",
 * "memory layer0.weights_0 reads: 7 vs 6"); `cycles` and `inferences` are not
 * compared (a golden model has no cycles). Empty when they agree.
 */
export function activityDifferences(a: ActivityCounts, b: ActivityCounts, names: [string, string] = ['a', 'b']): string[] {
  const out: string[] = [];
  for (const f of ['synapticOps', 'neuronUpdates', 'adds', 'multiplies'] as const) {
    if (a[f] !== b[f]) out.push(`${f}: ${a[f]} (${names[0]}) vs ${b[f]} (${names[1]})`);
  }
  const bm = new Map(b.memories.map((m) => [m.name, m]));
  for (const m of a.memories) {
    const o = bm.get(m.name);
    if (!o) {
      out.push(`memory ${m.name}: only in ${names[0]}`);
      continue;
    }
    bm.delete(m.name);
    for (const f of ['depth', 'width', 'reads', 'writes'] as const) {
      if (m[f] !== o[f]) out.push(`memory ${m.name} ${f}: ${m[f]} (${names[0]}) vs ${o[f]} (${names[1]})`);
    }
  }
  for (const m of bm.values()) out.push(`memory ${m.name}: only in ${names[1]}`);
  return out;
}
