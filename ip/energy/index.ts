// Energy and cost estimates: activity counts (synaptic operations, neuron
// updates, memory accesses), an energy table (45 nm by default, replaceable),
// and the estimate. docs/energy.md describes them.
export * from './table.ts';
export * from './activity.ts';
export * from './estimate.ts';
export * from './dense-activity.ts';
export * from './core-activity.ts';
