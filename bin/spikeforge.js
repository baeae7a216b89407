#!/usr/bin/env node
// The package's `spikeforge` executable: registers tsx (ESM and CommonJS
// hooks, so design files load whether or not their folder is "type": "module")
// and runs the TypeScript command line in this same process, which keeps
// stdin/stdout/stderr and the exit code as they are.
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

registerEsm();
registerCjs();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
