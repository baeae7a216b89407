// runColumns and bind() on the Verilator back end (see ../builtin/columns-suite.ts).
import { describe } from 'vitest';
import { createVerilatorSimulator } from '../../testbenches/verilator/index.ts';
import { columnsSuite } from '../builtin/columns-suite.ts';
import { haveVerilator, simOptions } from './helpers.ts';

describe.skipIf(!haveVerilator)('Verilator back end: runColumns and bind()', () => {
  columnsSuite((ir) => createVerilatorSimulator(ir, simOptions()), 300);
});
