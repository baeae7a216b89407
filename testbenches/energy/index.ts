// Activity counting on a running hardware simulation, for the energy
// estimate of ip/energy (docs/energy.md).
export * from './activity-counter.ts';
export * from './dense-probes.ts';
export * from './core-probes.ts';
