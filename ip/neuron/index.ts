// The neuron IP block: one specification, its presets, the golden model and the hardware builder.
export * from './spec.ts';
export * from './presets.ts';
export * from './golden.ts';
export * from './hardware.ts';
