// The dense spiking layer IP (Spiker+-style, layer-parallel), networks of
// such layers, and their golden models.
export * from './params.ts';
export * from './layer.ts';
export * from './network.ts';
export * from './golden.ts';
