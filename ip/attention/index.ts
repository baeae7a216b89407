// Spike-driven self-attention IP: parameters, hardware (parallel or
// channel-serial) and the golden model.
export * from './params.ts';
export * from './attention.ts';
export * from './golden.ts';
