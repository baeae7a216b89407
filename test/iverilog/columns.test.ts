// runColumns and bind() on the Icarus back end (see ../builtin/columns-suite.ts).
import { describe } from 'vitest';
import { createIcarusSimulator } from '../../testbenches/iverilog/index.ts';
import { columnsSuite } from '../builtin/columns-suite.ts';
import { haveIcarus, testCache } from './helpers.ts';

describe.skipIf(!haveIcarus)('Icarus back end: runColumns and bind()', () => {
  const cacheDir = testCache();
  columnsSuite((ir) => createIcarusSimulator(ir, { cacheDir }), 60);
});
