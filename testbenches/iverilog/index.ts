// The Icarus Verilog back end (iverilog + vvp, Debian package `iverilog`).
export { IcarusSimulator, createIcarusSimulator, type IcarusSimulatorOptions, type IcarusStartInfo } from './icarus-simulator.ts';
export { cacheRoot } from './compile.ts';
